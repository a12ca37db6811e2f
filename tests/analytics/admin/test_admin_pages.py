"""Every registered model's changelist and change page: 200 for a superuser, 302 for anonymous users."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

ANALYTICS_MODELS = [model for model in admin.site._registry if model._meta.app_label == "analytics"]


def _one_of_each():
    like = factories.LikeFactory()
    factories.ShareFactory(post=like.post, actor=like.actor)
    factories.CommentFactory(post=like.post, actor=like.actor)
    factories.SummaryFactory(post=like.post)
    factories.SnapshotFactory(post=like.post)
    factories.SyncRunFactory(account=like.post.account)
    tag = factories.HashtagFactory()
    tag.posts.add(like.post)
    from analytics.models import AccountDailyStats, HashtagStats, PostVersion

    AccountDailyStats.objects.create(account=like.post.account, day=like.post.posted_at.date())
    HashtagStats.objects.create(hashtag=tag, granularity="day", period_start=like.post.posted_at)
    PostVersion.objects.create(post=like.post, version_at=like.post.posted_at, caption_text="v1")
    from analytics.models import ExportJob

    ExportJob.objects.create(requested_by=factories.UserFactory(), dataset="posts", file_format="csv")
    from django.utils import timezone

    from analytics.models import Alert, AlertRule, Report, ReportDelivery

    rule = AlertRule.objects.get_or_create(name="Taking off", defaults={"kind": "taking_off"})[0]
    Alert.objects.create(rule=rule, subject_key="post:1", fired_at=timezone.now())
    report = Report.objects.create(name="Weekly", extra_recipients="lead@example.com")
    ReportDelivery.objects.create(report=report, slot=timezone.now())
    from analytics.models import UserPreferences

    UserPreferences.objects.create(user=factories.UserFactory(), time_zone="Europe/Berlin")


def _urls(model):
    meta = model._meta
    obj = model._default_manager.first()
    assert obj is not None, f"no {meta.model_name} row to open"
    return (
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]),
    )


def test_every_analytics_model_is_registered():
    names = {model.__name__ for model in ANALYTICS_MODELS}
    expected = {"Instance", "Account", "Post", "Actor", "Like", "Share", "Comment", "EngagementSummary",
                "MetricSnapshot", "Hashtag", "HashtagStats", "PostVersion", "AccountDailyStats", "SyncRun"}
    assert expected <= names


@pytest.mark.parametrize("model", ANALYTICS_MODELS, ids=lambda m: m.__name__)
def test_superuser_opens_changelist_and_change_page(admin_client, model):
    _one_of_each()
    for url in _urls(model):
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", ANALYTICS_MODELS, ids=lambda m: m.__name__)
def test_anonymous_user_is_sent_to_login(client, model):
    _one_of_each()
    for url in _urls(model):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("admin:login") in response["Location"]


def test_account_change_page_never_shows_the_token(admin_client):
    account = factories.AccountFactory(access_token="tok-VISIBLE-NEVER-123")
    response = admin_client.get(reverse("admin:analytics_account_change", args=[account.pk]))
    assert response.status_code == 200
    assert b"tok-VISIBLE-NEVER-123" not in response.content
    assert b'name="new_access_token"' in response.content


def test_replacing_the_token_through_the_admin_stores_it_encrypted(admin_client):
    from analytics.models import Account

    account = factories.AccountFactory(access_token="old-token")
    url = reverse("admin:analytics_account_change", args=[account.pk])
    data = {
        "instance": account.instance_id, "platform": account.platform, "remote_id": account.remote_id,
        "handle": account.handle, "display_name": account.display_name, "team": "", "owner": "",
        "is_active": "on", "new_access_token": "brand-new-token",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Account.objects.get(pk=account.pk).access_token.reveal() == "brand-new-token"


def test_empty_token_field_keeps_the_current_token(admin_client):
    from analytics.models import Account

    account = factories.AccountFactory(access_token="keep-me")
    url = reverse("admin:analytics_account_change", args=[account.pk])
    data = {
        "instance": account.instance_id, "platform": account.platform, "remote_id": account.remote_id,
        "handle": account.handle, "display_name": "", "team": "", "owner": "", "is_active": "on",
        "new_access_token": "",
    }
    assert admin_client.post(url, data).status_code == 302
    assert Account.objects.get(pk=account.pk).access_token.reveal() == "keep-me"
