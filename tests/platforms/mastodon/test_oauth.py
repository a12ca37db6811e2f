"""The Mastodon-API OAuth calls: app registration, the authorize URL, code exchange, revocation, errors."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from platforms.errors import BadPayload, InvalidInstanceURL, TransientError
from platforms.mastodon.oauth import (
    MastodonOAuth,
    OAuthRefused,
    RegisteredApp,
    instance_url_from,
    new_pkce,
    new_state,
)
from tests.platforms.conftest import MASTODON

CALLBACK = "https://postflow.example/admin/analytics/account/connect/callback/"
APP = RegisteredApp(client_id="cid", client_secret="csecret", redirect_uri=CALLBACK, scopes="read")


@pytest.fixture
def oauth(make_policy) -> MastodonOAuth:
    return MastodonOAuth(MASTODON, http=make_policy(max_attempts=1))


def form_of(call) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(call.request.body).items()}


def test_register_app_asks_for_read_only_scopes_and_the_callback(oauth, mocked):
    mocked.post(f"{MASTODON}/api/v1/apps", json={"id": "1", "client_id": "cid", "client_secret": "csecret",
                                                 "name": "PostFlow Analytics"})
    app = oauth.register_app(redirect_uri=CALLBACK)
    sent = form_of(mocked.calls[0])
    assert sent["client_name"] == "PostFlow Analytics"
    assert sent["redirect_uris"] == CALLBACK
    assert sent["scopes"] == "read"
    assert sent["website"].startswith("https://")
    assert app == APP


def test_authorize_url_carries_state_and_an_s256_challenge_of_the_verifier(oauth):
    pkce, state = new_pkce(), new_state()
    url = urlsplit(oauth.authorize_url(APP, state=state, pkce=pkce))
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{MASTODON}/oauth/authorize"
    assert query == {"response_type": "code", "client_id": "cid", "redirect_uri": CALLBACK, "scope": "read",
                     "state": state, "code_challenge": pkce.challenge, "code_challenge_method": "S256"}
    expected = base64.urlsafe_b64encode(hashlib.sha256(pkce.verifier.encode()).digest()).rstrip(b"=")
    assert pkce.challenge == expected.decode()
    assert 43 <= len(pkce.verifier) <= 128


def test_each_flow_gets_a_fresh_state_and_verifier():
    assert new_state() != new_state()
    assert new_pkce().verifier != new_pkce().verifier


def test_exchange_code_sends_the_verifier_and_returns_the_token(oauth, mocked):
    mocked.post(f"{MASTODON}/oauth/token", json={"access_token": "tok", "token_type": "Bearer",
                                                 "scope": "read", "created_at": 1})
    granted = oauth.exchange_code(APP, code="the-code", code_verifier="the-verifier")
    sent = form_of(mocked.calls[0])
    assert sent == {"grant_type": "authorization_code", "code": "the-code", "client_id": "cid",
                    "client_secret": "csecret", "redirect_uri": CALLBACK, "scope": "read",
                    "code_verifier": "the-verifier"}
    assert granted.access_token == "tok"
    assert "tok" not in repr(granted)


def test_a_refused_code_raises_oauth_refused_with_the_servers_description(oauth, mocked):
    mocked.post(f"{MASTODON}/oauth/token", status=400, json={
        "error": "invalid_grant",
        "error_description": "The provided authorization grant is invalid, expired, revoked, does not match "
                             "the redirection URI used in the authorization request, or was issued to "
                             "another client."})
    with pytest.raises(OAuthRefused, match="authorization grant is invalid") as raised:
        oauth.exchange_code(APP, code="used", code_verifier="v")
    assert raised.value.status == 400


def test_an_unknown_client_is_refused_with_the_recorded_401_body(oauth, mocked, shared_fixture):
    recorded = shared_fixture("error_401_anonymous_home.json")
    mocked.post(f"{MASTODON}/oauth/token", status=401, json=recorded["body"])
    with pytest.raises(OAuthRefused, match="The access token is invalid"):
        oauth.exchange_code(APP, code="c", code_verifier="v")


def test_a_forbidden_registration_is_refused_with_the_recorded_403_body(oauth, mocked, shared_fixture):
    recorded = shared_fixture("error_403_admin_forbidden.json")
    mocked.post(f"{MASTODON}/api/v1/apps", status=403, json=recorded["body"])
    with pytest.raises(OAuthRefused, match="This action is not allowed"):
        oauth.register_app(redirect_uri=CALLBACK)


def test_a_rejected_registration_names_the_validation_error(oauth, mocked, shared_fixture):
    recorded = shared_fixture("error_422_status_empty.json")
    mocked.post(f"{MASTODON}/api/v1/apps", status=422, json=recorded["body"])
    with pytest.raises(OAuthRefused) as raised:
        oauth.register_app(redirect_uri=CALLBACK)
    assert raised.value.message == recorded["body"]["error"][:300]


def test_an_html_answer_is_a_bad_payload(oauth, mocked):
    mocked.post(f"{MASTODON}/api/v1/apps", body="<html>Welcome to nginx</html>", content_type="text/html")
    with pytest.raises(BadPayload):
        oauth.register_app(redirect_uri=CALLBACK)


def test_an_answer_without_a_client_id_is_a_bad_payload(oauth, mocked):
    mocked.post(f"{MASTODON}/api/v1/apps", json={"name": "PostFlow Analytics"})
    with pytest.raises(BadPayload, match="client_id"):
        oauth.register_app(redirect_uri=CALLBACK)


def test_a_token_answer_without_a_token_is_a_bad_payload(oauth, mocked):
    mocked.post(f"{MASTODON}/oauth/token", json={"token_type": "Bearer"})
    with pytest.raises(BadPayload, match="access_token"):
        oauth.exchange_code(APP, code="c", code_verifier="v")


def test_a_server_down_is_a_transient_error(oauth, mocked):
    mocked.post(f"{MASTODON}/oauth/token", status=502, body="<h1>502 Bad Gateway</h1>")
    with pytest.raises(TransientError):
        oauth.exchange_code(APP, code="c", code_verifier="v")


def test_revoke_posts_the_token_with_the_client_credentials(oauth, mocked):
    mocked.post(f"{MASTODON}/oauth/revoke", json={})
    oauth.revoke(APP, token="tok")
    assert form_of(mocked.calls[0]) == {"client_id": "cid", "client_secret": "csecret", "token": "tok"}


@pytest.mark.parametrize(("text", "expected"), [
    ("@alice@mastodon.example", "https://mastodon.example"),
    ("alice@Mastodon.Example", "https://mastodon.example"),
    ("https://mastodon.example/", "https://mastodon.example"),
    ("mastodon.example", "https://mastodon.example"),
])
def test_a_handle_or_a_url_names_the_instance(text, expected):
    assert instance_url_from(text, allow_insecure=False) == expected


@pytest.mark.parametrize("text", ["@alice@127.0.0.1", "http://mastodon.example", "@alice@", ""])
def test_a_handle_on_a_private_or_insecure_host_is_refused(text):
    with pytest.raises(InvalidInstanceURL):
        instance_url_from(text, allow_insecure=False)


def test_the_oauth_endpoints_refuse_an_insecure_instance_url():
    with pytest.raises(InvalidInstanceURL):
        MastodonOAuth("http://10.0.0.1", allow_insecure=False)


@responses.activate
def test_nothing_is_sent_before_a_method_is_called():
    MastodonOAuth(MASTODON)
    assert len(responses.calls) == 0
