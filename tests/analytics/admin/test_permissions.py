"""Who may do what: non-staff see nothing, Analysts only read and export, Operators run jobs and tokens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analytics.models import Account
from tests import factories
from tests.analytics.admin.conftest import staff_group

pytestmark = pytest.mark.django_db


def _account_form_data(account, **extra) -> dict:
    return {"instance": account.instance_id, "platform": account.platform, "remote_id": account.remote_id,
            "handle": account.handle, "display_name": "", "team": "", "owner": "", "is_active": "on", **extra}


@pytest.mark.smoke
def test_non_staff_user_sees_nothing(client):
    user = factories.UserFactory(username="outsider", is_staff=False)
    user.groups.add(staff_group("Operator"))
    client.force_login(user)
    for url in (reverse("admin:index"), reverse("admin:analytics_post_changelist"),
                reverse("admin:analytics_account_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_groups_are_created_with_the_documented_permissions():
    analyst = set(staff_group("Analyst").permissions.values_list("codename", flat=True))
    operator = set(staff_group("Operator").permissions.values_list("codename", flat=True))
    assert {"view_post", "view_account", "view_syncrun", "view_schedule", "view_ormq", "export_data"} <= analyst
    assert not {c for c in analyst if c.startswith(("add_", "change_", "delete_"))}
    assert not analyst & {"refresh_engagement", "sync_posts", "manage_tokens", "retry_syncrun"}
    assert operator - analyst == {"refresh_engagement", "sync_posts", "retry_syncrun", "manage_tokens",
                                  "add_account", "change_account", "add_instance", "change_instance",
                                  "manage_alerts", "add_alertrule", "change_alertrule",
                                  "manage_reports", "add_report", "change_report", "delete_report"}


@pytest.mark.smoke
def test_analyst_reads_every_list(analyst_client):
    factories.SummaryFactory()
    for model in ("post", "account", "like", "comment", "syncrun", "exportjob"):
        assert analyst_client.get(reverse(f"admin:analytics_{model}_changelist")).status_code == 200
    assert analyst_client.get(reverse("admin:django_q_schedule_changelist")).status_code == 200


@pytest.mark.smoke
def test_analyst_never_sees_the_token_field_and_cannot_post_it(analyst_client):
    account = factories.AccountFactory(access_token="keep-secret")
    url = reverse("admin:analytics_account_change", args=[account.pk])
    page = analyst_client.get(url)
    assert page.status_code == 200
    assert b"new_access_token" not in page.content and b"keep-secret" not in page.content
    assert analyst_client.post(url, _account_form_data(account, new_access_token="evil")).status_code == 403
    assert Account.objects.get(pk=account.pk).access_token.reveal() == "keep-secret"


def test_analyst_cannot_add_or_change_anything(analyst_client):
    account = factories.AccountFactory()
    assert analyst_client.get(reverse("admin:analytics_account_add")).status_code == 403
    url = reverse("admin:analytics_account_change", args=[account.pk])
    assert analyst_client.post(url, _account_form_data(account, handle="renamed")).status_code == 403
    assert analyst_client.get(reverse("admin:analytics_account_import")).status_code == 403


def test_staff_with_change_but_not_manage_tokens_cannot_replace_a_token(client):
    from django.contrib.auth.models import Permission

    user = factories.UserFactory(username="editor")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_account", "change_account"]))
    client.force_login(user)
    account = factories.AccountFactory(access_token="old")
    url = reverse("admin:analytics_account_change", args=[account.pk])
    assert b"new_access_token" not in client.get(url).content
    assert client.post(url, _account_form_data(account, new_access_token="new")).status_code == 403
    assert client.post(url, _account_form_data(account, display_name="Renamed")).status_code == 302


def test_operator_replaces_a_token_and_reactivates_the_account(operator_client):
    account = factories.AccountFactory(access_token="", is_active=False, status="needs_reauth")
    url = reverse("admin:analytics_account_change", args=[account.pk])
    response = operator_client.post(url, _account_form_data(account, new_access_token="fresh"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.access_token.reveal() == "fresh" and account.status == "active" and account.is_active


def test_an_account_cannot_be_switched_on_without_a_token(operator_client):
    account = factories.AccountFactory(access_token="", is_active=False)
    url = reverse("admin:analytics_account_change", args=[account.pk])
    response = operator_client.post(url, _account_form_data(account))
    assert response.status_code == 200
    assert not Account.objects.get(pk=account.pk).is_active


def test_account_list_shows_status_last_run_and_capped_posts_count(admin_client):
    account = factories.AccountFactory(status="failing")
    factories.PostFactory.create_batch(3, account=account)
    factories.PostFactory(account=account, deleted_at="2026-01-01T00:00:00Z")
    factories.SyncRunFactory(account=account, status="failed")
    response = admin_client.get(reverse("admin:analytics_account_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row.posts_total, row.last_run_status) == (3, "failed")
    assert "Failing" in response.content.decode()


def test_only_operators_may_resubmit_django_q_tasks(rf, analyst, operator):
    from django.contrib import admin
    from django_q.models import Failure

    model_admin = admin.site._registry[Failure]
    for user, allowed in ((analyst, False), (operator, True)):
        request = rf.get("/")
        request.user = user
        assert ("resubmit_tasks" in model_admin.get_actions(request)) is allowed
        assert "resubmit_task" not in model_admin.get_actions(request)
