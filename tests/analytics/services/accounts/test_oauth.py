"""Signing in with an instance: the happy path, reconnects, and every refusal leaving nothing behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from analytics.models import Account, AccountStatus, Instance, OAuthApp, OAuthAttempt, Post, SyncRun
from analytics.services.accounts.oauth import ConnectFailed, finish_oauth, start_oauth
from tests import factories
from tests.analytics.services.accounts.conftest import CALLBACK, OWN_ID
from tests.analytics.services.fake_mastodon import BASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return factories.UserFactory(username="operator")


def start(user, **options):
    values = {"platform": "mastodon", "instance_url_or_handle": BASE, "user": user, "team": "brand",
              "redirect_uri": CALLBACK, **options}
    return start_oauth(**values)


def test_start_registers_the_app_once_and_keeps_its_secret_encrypted(instance, operator):
    start(operator)
    start(operator)
    assert len(instance.calls_to("/api/v1/apps")) == 1
    app = OAuthApp.objects.get()
    assert (app.instance_url, app.client_id, app.client_secret.reveal()) == (BASE, "cid", "csecret")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT client_secret FROM {OAuthApp._meta.db_table}")  # noqa: S608
        stored = cursor.fetchone()[0]
    assert stored and "csecret" not in stored


def test_start_accepts_a_handle_and_stores_only_the_states_hash(instance, operator, state_of):
    url = start(operator, instance_url_or_handle="@brand@social.test")
    assert url.startswith(f"{BASE}/oauth/authorize?")
    attempt = OAuthAttempt.objects.get()
    assert attempt.state_hash != state_of(url)
    assert attempt.code_verifier.reveal() not in url


def test_finish_connects_the_account_with_the_granted_token(instance, operator, state_of):
    url = start(operator)
    account = finish_oauth(state=state_of(url), code="the-code", user=operator)
    assert (account.remote_id, account.team, account.owner) == (OWN_ID, "brand", operator)
    assert account.access_token.reveal() == "granted-token"
    sent = instance.form_of(instance.calls_to("/oauth/token")[0])
    assert sent["code"] == "the-code"
    assert sent["code_verifier"] == OAuthAttempt.objects.get().code_verifier.reveal()


def test_a_denied_sign_in_creates_nothing(instance, operator, state_of):
    url = start(operator)
    with pytest.raises(ConnectFailed, match="Access was denied"):
        finish_oauth(state=state_of(url), error="access_denied", user=operator)
    assert not Account.objects.exists()
    assert not instance.calls_to("/oauth/token")


def test_an_unknown_state_is_refused(instance, operator):
    start(operator)
    with pytest.raises(ConnectFailed, match="does not match"):
        finish_oauth(state="forged", code="c", user=operator)
    assert not instance.calls_to("/oauth/token")


def test_a_state_started_by_another_user_is_refused(instance, operator, state_of):
    url = start(operator)
    with pytest.raises(ConnectFailed, match="does not match"):
        finish_oauth(state=state_of(url), code="c", user=factories.UserFactory(username="intruder"))


def test_an_expired_attempt_is_refused(instance, operator, state_of):
    url = start(operator)
    OAuthAttempt.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    with pytest.raises(ConnectFailed, match="expired"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert not Account.objects.exists()


def test_a_replayed_callback_is_refused(instance, operator, state_of):
    url = start(operator)
    finish_oauth(state=state_of(url), code="c", user=operator)
    with pytest.raises(ConnectFailed, match="already used"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert len(instance.calls_to("/oauth/token")) == 1


def test_a_refused_code_explains_and_creates_nothing(instance, operator, state_of):
    instance.token_answer = (400, {"error": "invalid_grant", "error_description": "The grant is invalid."})
    url = start(operator)
    with pytest.raises(ConnectFailed, match="refused the sign-in: The grant is invalid"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert not Account.objects.exists() and not Instance.objects.exists()


def test_an_instance_that_forgot_our_app_gets_it_registered_again(instance, operator, state_of):
    instance.token_answer = (401, {"error": "invalid_client", "error_description": "Client authentication "
                                                                                   "failed."})
    url = start(operator)
    with pytest.raises(ConnectFailed, match="Client authentication failed"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert not OAuthApp.objects.exists()


def test_an_instance_answering_garbage_creates_nothing(instance, operator, state_of):
    instance.token_answer = (200, "<html>Welcome to nginx!</html>")
    url = start(operator)
    with pytest.raises(ConnectFailed, match="not a Mastodon-API response"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert not Account.objects.exists()


def test_an_instance_down_says_try_later(instance, operator, state_of):
    instance.token_answer = (503, "<h1>503 Service Unavailable</h1>")
    url = start(operator)
    with pytest.raises(ConnectFailed, match="did not answer"):
        finish_oauth(state=state_of(url), code="c", user=operator)


def test_an_unreachable_instance_fails_at_start_with_a_message(operator, settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True
    with pytest.raises(ConnectFailed, match="Could not register"):
        start(operator, instance_url_or_handle="http://127.0.0.1:9")
    assert not OAuthApp.objects.exists() and not OAuthAttempt.objects.exists()


@pytest.mark.parametrize("where", ["http://social.test", "https://10.0.0.5", "@brand@localhost", "ftp://x"])
def test_an_insecure_or_private_instance_is_refused_before_any_request(operator, where):
    with pytest.raises(ConnectFailed, match="not an instance we can connect to"):
        start(operator, instance_url_or_handle=where)


def test_instagram_points_to_the_token_fallback(operator):
    with pytest.raises(ConnectFailed, match="paste an access token"):
        start(operator, platform="instagram")


def test_an_account_of_another_team_is_refused_and_left_untouched(instance, operator, state_of):
    other = factories.AccountFactory(instance=factories.InstanceFactory(base_url=BASE), remote_id=OWN_ID,
                                     team="sales", access_token="their-token")
    url = start(operator, team="brand")
    with pytest.raises(ConnectFailed, match="already connected for the team sales"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    other.refresh_from_db()
    assert (other.team, other.access_token.reveal()) == ("sales", "their-token")
    assert not SyncRun.objects.exists()
    assert len(instance.calls_to("/oauth/revoke")) == 1


def test_a_token_the_instance_then_rejects_creates_nothing(instance, operator, state_of):
    instance.verify_status = 401
    url = start(operator)
    with pytest.raises(ConnectFailed, match="did not accept the new token"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert not Account.objects.exists()


def test_reconnect_keeps_the_same_account_and_its_data(instance, operator, state_of):
    account = factories.AccountFactory(instance=factories.InstanceFactory(base_url=BASE), remote_id=OWN_ID,
                                       team="brand", status=AccountStatus.NEEDS_REAUTH, access_token="revoked")
    post = factories.PostFactory(account=account)
    url = start(operator, platform="pixelfed", instance_url_or_handle="ignored", team="", reconnect=account)
    reconnected = finish_oauth(state=state_of(url), code="c", user=operator)
    assert reconnected.pk == account.pk
    assert (reconnected.status, reconnected.access_token.reveal()) == (AccountStatus.ACTIVE, "granted-token")
    assert Post.objects.filter(pk=post.pk, account=account).exists()
    assert Account.objects.count() == 1


def test_reconnect_signed_in_as_someone_else_changes_nothing(instance, operator, state_of):
    account = factories.AccountFactory(instance=factories.InstanceFactory(base_url=BASE), remote_id="1",
                                       handle="brand", team="brand", access_token="revoked")
    instance.signed_in = ("2", "someone-else")
    url = start(operator, reconnect=account)
    with pytest.raises(ConnectFailed, match="signed in as someone-else"):
        finish_oauth(state=state_of(url), code="c", user=operator)
    assert list(Account.objects.values_list("pk", flat=True)) == [account.pk]
    account.refresh_from_db()
    assert account.access_token.reveal() == "revoked"
