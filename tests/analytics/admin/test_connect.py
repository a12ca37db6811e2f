"""The admin's "Connect account" and "Reconnect" pages and the sign-in callback, with the instance mocked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from analytics.models import Account, AccountStatus, SyncKind, SyncRun, SyncStatus
from tests import factories
from tests.analytics.services.accounts.conftest import OWN_ID, OAuthInstance
from tests.analytics.services.fake_mastodon import BASE

CONNECT = "admin:analytics_account_connect"
CALLBACK = "admin:analytics_account_connect_callback"


@pytest.fixture
def instance() -> Iterator[OAuthInstance]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield OAuthInstance(mock)


def start(client, **fields) -> str:
    answer = client.post(reverse(CONNECT), {"platform": "mastodon", "instance": BASE, "team": "brand", **fields})
    assert answer.status_code == 302, answer.content[:2000]
    return answer.url


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_operators_see_the_connect_button_and_analysts_do_not(operator, analyst):
    seen = {}
    for user in (operator, analyst):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("admin:analytics_account_changelist")).content.decode()
        seen[user.username] = reverse(CONNECT) in page
    assert seen == {"operator": True, "analyst": False}


def test_analysts_get_403_on_every_connect_page(analyst_client):
    account = factories.AccountFactory()
    assert analyst_client.get(reverse(CONNECT)).status_code == 403
    assert analyst_client.post(reverse(CONNECT), {"platform": "mastodon", "instance": BASE}).status_code == 403
    assert analyst_client.get(reverse(CALLBACK), {"state": "s", "code": "c"}).status_code == 403
    assert analyst_client.post(reverse("admin:analytics_account_reconnect", args=[account.pk])).status_code == 403


def test_the_form_renders_within_a_query_budget(operator_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = operator_client.get(reverse(CONNECT))
    assert page.status_code == 200
    assert "Instance URL or handle" in page.content.decode()


def test_submitting_sends_the_browser_to_the_instance_with_the_callback(operator_client, instance):
    url = start(operator_client)
    assert url.startswith(f"{BASE}/oauth/authorize?")
    assert query_of(url)["redirect_uri"] == "http://testserver" + reverse(CALLBACK)
    registered = instance.form_of(instance.calls_to("/api/v1/apps")[0])
    assert registered["redirect_uris"] == query_of(url)["redirect_uri"]


def test_a_private_address_is_refused_on_the_form(operator_client):
    page = operator_client.post(reverse(CONNECT), {"platform": "mastodon", "instance": "https://10.1.2.3"})
    assert page.status_code == 200
    assert "private or loopback address" in page.content.decode()


def test_the_callback_lands_on_the_new_account_with_its_first_sync_queued(operator_client, operator, instance):
    state = query_of(start(operator_client))["state"]
    answer = operator_client.get(reverse(CALLBACK), {"state": state, "code": "the-code"})
    account = Account.objects.get(remote_id=OWN_ID)
    assert answer.status_code == 302
    assert answer.url == reverse("admin:analytics_account_change", args=[account.pk])
    assert any("Connected" in text for text in texts(answer))
    run = SyncRun.objects.get(account=account, kind=SyncKind.SYNC_POSTS)
    assert (run.status, run.triggered_by) == (SyncStatus.QUEUED, operator)
    assert account.team == "brand"


def test_a_denied_sign_in_returns_to_the_list_with_the_reason(operator_client, instance):
    state = query_of(start(operator_client))["state"]
    answer = operator_client.get(reverse(CALLBACK), {"state": state, "error": "access_denied"})
    assert answer.url == reverse("admin:analytics_account_changelist")
    assert any("Access was denied" in text for text in texts(answer))
    assert not Account.objects.exists()


def test_a_replayed_callback_is_refused_with_a_message(operator_client, instance):
    state = query_of(start(operator_client))["state"]
    operator_client.get(reverse(CALLBACK), {"state": state, "code": "c"})
    answer = operator_client.get(reverse(CALLBACK), {"state": state, "code": "c"})
    assert any("already used" in text for text in texts(answer))
    assert SyncRun.objects.filter(kind=SyncKind.SYNC_POSTS).count() == 1


def test_reconnect_signs_in_again_and_keeps_the_account(operator_client, instance):
    account = factories.AccountFactory(instance=factories.InstanceFactory(base_url=BASE), remote_id=OWN_ID,
                                       team="brand", status=AccountStatus.NEEDS_REAUTH)
    page = operator_client.get(reverse("admin:analytics_account_change", args=[account.pk]))
    reconnect = reverse("admin:analytics_account_reconnect", args=[account.pk])
    assert reconnect in page.content.decode()
    assert "Sign in again" in operator_client.get(reconnect).content.decode()
    url = operator_client.post(reconnect).url
    answer = operator_client.get(reverse(CALLBACK), {"state": query_of(url)["state"], "code": "c"})
    assert answer.url == reverse("admin:analytics_account_change", args=[account.pk])
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and Account.objects.count() == 1
