"""Instagram through Facebook Login in the admin, against the Graph API-like sandbox over real HTTP (and
`responses` for answers the sandbox never gives): connect, pick, reconnect, and every refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from analytics.models import Account, AccountStatus, OAuthAttempt, Post, SyncKind, SyncRun, SyncStatus
from analytics.services.accounts.connect import connect_account
from analytics.services.sync.posts import sync_account_posts
from platforms.errors import BadPayload
from platforms.sandbox import start_sandbox
from platforms.sandbox.graph_oauth import APP_ID, APP_SECRET
from tests import factories

CONNECT = "admin:analytics_account_connect"
CALLBACK = "admin:analytics_account_connect_meta_callback"
FAKE_GRAPH = "https://graph.meta.test"


@pytest.fixture(scope="module")
def graph() -> Iterator:
    handle = start_sandbox(seed=5, frozen=True, start=1_795_000_000.0, posts_per_account=3)
    yield handle
    handle.stop()


@pytest.fixture
def meta(settings, graph):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True
    settings.PLATFORM_HTTP_OPTIONS = {**settings.PLATFORM_HTTP_OPTIONS, "min_interval": 0.0}
    settings.META_LOGIN = {"APP_ID": APP_ID, "APP_SECRET": APP_SECRET, "DIALOG_URL": graph.instagram_url,
                           "GRAPH_URL": graph.instagram_url}
    return graph


def ig_users(graph) -> dict[str, str]:
    return {user.username: user.id for user in graph.graph.world.users.values()}


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def start(client, **fields) -> str:
    answer = client.post(reverse(CONNECT), {"platform": "instagram", "instance": "", "team": "brand", **fields})
    assert answer.status_code == 302, answer.content[:2000]
    return answer.url


def approve(dialog_url: str, decision: str = "approve") -> dict[str, str]:
    """What the operator's browser does on Meta's dialog: press Continue (or Cancel)."""
    answer = requests.get(f"{dialog_url}&decision={decision}", allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse(CALLBACK)
    return query_of(answer.headers["Location"])


def sign_in(client, **fields):
    return client.get(reverse(CALLBACK), approve(start(client, **fields)))


@pytest.mark.django_db
def test_instagram_is_offered_only_once_facebook_login_is_set_up(operator_client, settings):
    settings.META_LOGIN = {**settings.META_LOGIN, "APP_ID": "", "APP_SECRET": ""}
    assert 'value="instagram"' not in operator_client.get(reverse(CONNECT)).content.decode()
    settings.META_LOGIN = {**settings.META_LOGIN, "APP_ID": "app", "APP_SECRET": "secret"}
    assert 'value="instagram"' in operator_client.get(reverse(CONNECT)).content.decode()


@pytest.mark.django_db
def test_an_operator_signs_in_with_facebook_picks_an_account_and_lands_on_it(operator_client, operator, meta):
    dialog = start(operator_client)
    assert dialog.startswith(f"{meta.instagram_url}/v25.0/dialog/oauth?") and query_of(dialog)["state"]
    picking = operator_client.get(reverse(CALLBACK), approve(dialog))
    page = operator_client.get(picking.url).content.decode()
    users = ig_users(meta)
    assert "@studio_sandbox" in page and "@bakery_sandbox" in page
    answer = operator_client.post(picking.url, {"accounts": [users["studio_sandbox"]]})
    account = Account.objects.get()
    assert answer.url == reverse("admin:analytics_account_change", args=[account.pk])
    assert (account.platform, account.remote_id, account.handle, account.team, account.owner) == (
        "instagram", users["studio_sandbox"], "studio_sandbox", "brand", operator)
    assert account.instance.base_url == meta.instagram_url and account.access_token.reveal().startswith("FBLONG")
    assert SyncRun.objects.get(account=account, kind=SyncKind.SYNC_POSTS).status == SyncStatus.QUEUED
    attempt = OAuthAttempt.objects.get()
    assert (attempt.user_token.reveal(), attempt.choices) == ("", [])


@pytest.mark.django_db
def test_the_connected_account_syncs_with_the_facebook_user_token(operator_client, meta):
    picking = sign_in(operator_client)
    operator_client.post(picking.url, {"accounts": list(ig_users(meta).values())})
    assert Account.objects.count() == 2
    for account in Account.objects.all():
        assert sync_account_posts(account).status == SyncStatus.OK
        assert Post.objects.filter(account=account).count() == meta.graph.world.truth(account.remote_id)["media"]


@pytest.mark.django_db
def test_the_connect_service_needs_the_account_id_with_a_facebook_user_token(meta, operator_client):
    picking = sign_in(operator_client)
    token = OAuthAttempt.objects.get(pk=picking.url.rstrip("/").rsplit("/", 1)[-1]).user_token.reveal()
    with pytest.raises(BadPayload, match="username"):  # /me is the Facebook user, not an Instagram account
        connect_account(platform="instagram", instance_url=meta.instagram_url, token=token)
    studio = ig_users(meta)["studio_sandbox"]
    account = connect_account(platform="instagram", instance_url=meta.instagram_url, token=token, account_id=studio)
    assert (account.remote_id, account.handle) == (studio, "studio_sandbox")


@pytest.mark.django_db
def test_denying_on_the_dialog_connects_nothing(operator_client, meta):
    answer = operator_client.get(reverse(CALLBACK), approve(start(operator_client), decision="deny"))
    assert answer.url == reverse("admin:analytics_account_changelist")
    assert any("Facebook did not sign you in" in text for text in texts(answer))
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_an_unknown_state_is_refused(operator_client, meta):
    query = approve(start(operator_client))
    answer = operator_client.get(reverse(CALLBACK), {**query, "state": "forged"})
    assert any("does not match one you started" in text for text in texts(answer))
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_a_replayed_callback_is_refused(operator_client, meta):
    query = approve(start(operator_client))
    operator_client.get(reverse(CALLBACK), query)
    answer = operator_client.get(reverse(CALLBACK), query)
    assert any("already used" in text for text in texts(answer))


@pytest.mark.django_db
def test_an_expired_sign_in_is_refused(operator_client, meta):
    query = approve(start(operator_client))
    OAuthAttempt.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    answer = operator_client.get(reverse(CALLBACK), query)
    assert any("expired" in text for text in texts(answer))
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_a_code_used_twice_is_refused_by_facebook(operator_client, meta):
    query = approve(start(operator_client))
    operator_client.get(reverse(CALLBACK), query)  # uses the code
    second = approve(start(operator_client))
    answer = operator_client.get(reverse(CALLBACK), {**second, "code": query["code"]})
    assert any("Facebook refused the sign-in" in text and "used" in text for text in texts(answer))
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_a_wrong_app_secret_says_facebook_refused(operator_client, meta, settings):
    settings.META_LOGIN = {**settings.META_LOGIN, "APP_SECRET": "wrong"}
    answer = sign_in(operator_client)
    assert any("Facebook refused the sign-in" in text for text in texts(answer))


def _fake_graph(settings, mock, *, token_body, pages_body=None):
    settings.META_LOGIN = {**settings.META_LOGIN, "DIALOG_URL": FAKE_GRAPH, "GRAPH_URL": FAKE_GRAPH}
    if isinstance(token_body, str):
        mock.get(f"{FAKE_GRAPH}/v25.0/oauth/access_token", body=token_body, content_type="text/html")
    else:
        mock.get(f"{FAKE_GRAPH}/v25.0/oauth/access_token", json=token_body)
    if pages_body is not None:
        mock.get(f"{FAKE_GRAPH}/v25.0/me/accounts", json=pages_body)


@pytest.mark.django_db
def test_a_garbage_answer_connects_nothing(operator_client, meta, settings):
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        _fake_graph(settings, mock, token_body="<html>Sorry, something went wrong.</html>")
        state = query_of(start(operator_client))["state"]
        answer = operator_client.get(reverse(CALLBACK), {"state": state, "code": "c"})
    assert any("not a Graph API response" in text for text in texts(answer))
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_pages_without_an_instagram_account_say_so(operator_client, meta, settings):
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        _fake_graph(settings, mock, token_body={"access_token": "EAAtoken", "token_type": "bearer"},
                    pages_body={"data": [{"id": "1", "name": "Team news"}]})
        state = query_of(start(operator_client))["state"]
        answer = operator_client.get(reverse(CALLBACK), {"state": state, "code": "c"})
    assert any("has an Instagram professional account linked" in text for text in texts(answer))
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_the_pick_works_once(operator_client, meta):
    picking = sign_in(operator_client)
    studio = ig_users(meta)["studio_sandbox"]
    operator_client.post(picking.url, {"accounts": [studio]})
    again = operator_client.post(picking.url, {"accounts": [studio]})
    assert again.url == reverse("admin:analytics_account_changelist")
    assert any("already used" in text for text in texts(again))
    assert Account.objects.count() == 1


@pytest.mark.django_db
def test_an_account_of_another_team_is_refused_and_nothing_is_created(operator_client, meta):
    users = ig_users(meta)
    picking = sign_in(operator_client)
    other = operator_client.post(picking.url, {"accounts": [users["bakery_sandbox"]]})
    assert other.status_code == 302
    Account.objects.update(team="other", access_token="kept")
    picking = sign_in(operator_client)
    answer = operator_client.post(picking.url, {"accounts": [users["studio_sandbox"], users["bakery_sandbox"]]})
    assert any("already connected for the team other" in text for text in texts(answer))
    assert [a.access_token.reveal() for a in Account.objects.all()] == ["kept"]  # studio not half-created


@pytest.mark.django_db
def test_reconnect_signs_in_with_facebook_and_keeps_the_account(operator_client, meta):
    studio = ig_users(meta)["studio_sandbox"]
    picking = sign_in(operator_client)
    operator_client.post(picking.url, {"accounts": [studio]})
    account = Account.objects.get()
    Account.objects.update(status=AccountStatus.NEEDS_REAUTH, access_token="dead")
    reconnect = reverse("admin:analytics_account_reconnect", args=[account.pk])
    assert "Sign in again" in operator_client.get(reconnect).content.decode()
    answer = operator_client.get(reverse(CALLBACK), approve(operator_client.post(reconnect).url))
    assert answer.url == reverse("admin:analytics_account_change", args=[account.pk])
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE and account.access_token.reveal().startswith("FBLONG")
    assert Account.objects.count() == 1


@pytest.mark.django_db
def test_analysts_get_403_on_the_facebook_pages(analyst_client, operator, meta):
    attempt = OAuthAttempt.objects.create(state_hash="x" * 64, platform="instagram", instance_url="https://g",
                                          user=operator)
    assert analyst_client.get(reverse(CALLBACK), {"state": "s", "code": "c"}).status_code == 403
    pick = reverse("admin:analytics_account_connect_instagram_pick", args=[attempt.pk])
    assert analyst_client.get(pick).status_code == 403


@pytest.mark.django_db
def test_another_users_pick_page_is_refused(operator_client, meta):
    picking = sign_in(operator_client)
    other = Client()
    other.force_login(factories.UserFactory(username="op2", is_superuser=True, is_staff=True))
    answer = other.get(picking.url)
    assert answer.url == reverse("admin:analytics_account_changelist")
    assert OAuthAttempt.objects.get().user_token.reveal()
