"""Facebook Login for Instagram: dialog URL, callback checks, token exchanges and the account listing,
with every refusal answered by the recorded Graph error bodies."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from platforms.instagram.oauth import (
    SCOPES,
    MetaApp,
    MetaOAuth,
    MetaOAuthRefused,
    NoInstagramAccount,
    check_callback,
)

FIXTURES = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists()).parent \
    / "shared" / "fixtures" / "instagram"
GRAPH = "https://graph.facebook.com/v25.0"
APP = MetaApp(app_id="123", app_secret="s3cret", redirect_uri="https://postflow.test/admin/connect/meta/")


def _recorded(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())["body"]


def test_dialog_url_carries_client_redirect_state_and_scopes() -> None:
    url = MetaOAuth(APP).dialog_url(state="st4te")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert (parts.netloc, parts.path) == ("www.facebook.com", "/v25.0/dialog/oauth")
    assert query["client_id"] == ["123"] and query["state"] == ["st4te"]
    assert query["redirect_uri"] == [APP.redirect_uri]
    assert query["scope"] == [",".join(SCOPES)]
    assert "s3cret" not in url and "s3cret" not in repr(MetaOAuth(APP))


def test_callback_denied_by_the_user_is_refused() -> None:
    with pytest.raises(MetaOAuthRefused, match="not granted"):
        check_callback({"error": "access_denied", "error_reason": "user_denied", "state": "a"},
                       expected_state="a")


@pytest.mark.parametrize("state", ["other", ""])
def test_callback_with_a_state_that_does_not_match_is_refused(state: str) -> None:
    with pytest.raises(MetaOAuthRefused, match="state"):
        check_callback({"code": "c", "state": state}, expected_state="expected")


def test_callback_returns_the_code() -> None:
    assert check_callback({"code": "c0de", "state": "s"}, expected_state="s") == "c0de"


@responses.activate
def test_code_then_long_lived_exchange() -> None:
    responses.get(f"{GRAPH}/oauth/access_token", json={"access_token": "SHORT", "token_type": "bearer"},
                  match=[responses.matchers.query_param_matcher(
                      {"client_id": "123", "client_secret": "s3cret", "redirect_uri": APP.redirect_uri,
                       "code": "c0de"})])
    responses.get(f"{GRAPH}/oauth/access_token", json={"access_token": "LONG", "expires_in": 5183944},
                  match=[responses.matchers.query_param_matcher(
                      {"grant_type": "fb_exchange_token", "client_id": "123", "client_secret": "s3cret",
                       "fb_exchange_token": "SHORT"})])
    oauth = MetaOAuth(APP)
    assert oauth.long_lived(oauth.exchange_code("c0de")) == "LONG"


@pytest.mark.parametrize("fixture", ["error__oauth_100_missing_permission.json",
                                     "error__oauth_100_app_secret_proof.json"])
@responses.activate
def test_exchange_refused_with_a_recorded_oauth_exception(fixture: str) -> None:
    body = _recorded(fixture)
    responses.get(f"{GRAPH}/oauth/access_token", json=body, status=400)
    with pytest.raises(MetaOAuthRefused) as raised:
        MetaOAuth(APP).exchange_code("c0de")
    assert body["error"]["message"][:40] in str(raised.value)


@responses.activate
def test_expired_code_is_refused() -> None:
    responses.get(f"{GRAPH}/oauth/access_token", status=400, json={"error": {
        "message": "This authorization code has expired.", "type": "OAuthException", "code": 100,
        "fbtrace_id": "x"}})
    with pytest.raises(MetaOAuthRefused, match="expired"):
        MetaOAuth(APP).exchange_code("old")


@responses.activate
def test_pages_with_instagram_accounts_are_listed() -> None:
    responses.get(f"{GRAPH}/me/accounts", json={"data": [
        {"id": "p1", "name": "Studio page", "instagram_business_account": {"id": "1784", "username": "studio"}},
        {"id": "p2", "name": "No IG page"},
    ]})
    choices = MetaOAuth(APP).instagram_accounts("LONG")
    assert [(c.ig_user_id, c.username, c.page_name) for c in choices] == [("1784", "studio", "Studio page")]
    sent = parse_qs(urlsplit(responses.calls[0].request.url).query)
    assert sent["fields"] == ["name,instagram_business_account{id,username}"]


@responses.activate
def test_no_instagram_account_on_any_page_is_refused() -> None:
    responses.get(f"{GRAPH}/me/accounts", json={"data": [{"id": "p2", "name": "No IG page"}]})
    with pytest.raises(NoInstagramAccount):
        MetaOAuth(APP).instagram_accounts("LONG")
