"""The sandbox's sign-in over real HTTP, driven by the product's own OAuth client and a browser-like session."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from platforms.mastodon.oauth import MastodonOAuth, OAuthRefused, new_pkce, new_state
from tests.sandbox.conftest import Api

CALLBACK = "http://127.0.0.1:9/admin/connect/callback/"


def oauth_for(url: str) -> MastodonOAuth:
    return MastodonOAuth(url, allow_insecure=True, max_attempts=1)


def approve(authorize_url: str, *, decision: str = "approve", account: str | None = None) -> dict[str, str]:
    """Open the page, submit its form as a person would; return the callback's query."""
    page = requests.get(authorize_url, timeout=10)
    assert page.status_code == 200 and "Approve" in page.text
    fields = {name: unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)}
    if account:
        fields["account"] = account
    answer = requests.post(f"{authorize_url.split('/oauth/')[0]}/oauth/authorize",
                           data={**fields, "decision": decision}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(CALLBACK)
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


@pytest.mark.parametrize("which", ["mastodon", "pixelfed"])
def test_approving_gives_a_code_that_buys_the_accounts_working_token(sandbox, which):
    base = getattr(sandbox, f"{which}_url")
    oauth = oauth_for(base)
    app = oauth.register_app(redirect_uri=CALLBACK)
    pkce, state = new_pkce(), new_state()
    answer = approve(oauth.authorize_url(app, state=state, pkce=pkce))
    assert answer["state"] == state
    token = oauth.exchange_code(app, code=answer["code"], code_verifier=pkce.verifier).access_token
    me = Api(base, token).get("/api/v1/accounts/verify_credentials")
    assert me.status_code == 200


def test_the_page_signs_in_as_the_chosen_account(sandbox):
    oauth = oauth_for(sandbox.mastodon_url)
    app = oauth.register_app(redirect_uri=CALLBACK)
    pkce = new_pkce()
    answer = approve(oauth.authorize_url(app, state="s", pkce=pkce), account="bruno")
    token = oauth.exchange_code(app, code=answer["code"], code_verifier=pkce.verifier).access_token
    assert token == sandbox.account("bruno")["access_token"]


def test_deny_sends_access_denied_back_with_the_state(sandbox):
    oauth = oauth_for(sandbox.mastodon_url)
    app = oauth.register_app(redirect_uri=CALLBACK)
    answer = approve(oauth.authorize_url(app, state="s1", pkce=new_pkce()), decision="deny")
    assert answer["error"] == "access_denied" and answer["state"] == "s1" and "code" not in answer


def test_a_wrong_verifier_or_a_second_use_of_the_code_is_invalid_grant(sandbox):
    oauth = oauth_for(sandbox.mastodon_url)
    app = oauth.register_app(redirect_uri=CALLBACK)
    pkce = new_pkce()
    code = approve(oauth.authorize_url(app, state="s", pkce=pkce))["code"]
    with pytest.raises(OAuthRefused, match="authorization grant is invalid") as wrong:
        oauth.exchange_code(app, code=code, code_verifier=new_pkce().verifier)
    assert wrong.value.status == 400
    with pytest.raises(OAuthRefused, match="authorization grant is invalid"):
        oauth.exchange_code(app, code=code, code_verifier=pkce.verifier)  # the first try used the code


def test_an_unknown_client_gets_an_error_page_and_no_redirect(sandbox):
    page = requests.get(f"{sandbox.mastodon_url}/oauth/authorize", params={
        "client_id": "nope", "redirect_uri": CALLBACK, "response_type": "code"}, allow_redirects=False,
        timeout=10)
    assert page.status_code == 400 and "Location" not in page.headers


def test_an_app_of_one_instance_is_unknown_on_the_other(sandbox):
    app = oauth_for(sandbox.mastodon_url).register_app(redirect_uri=CALLBACK)
    with pytest.raises(OAuthRefused, match="Client authentication failed"):
        oauth_for(sandbox.pixelfed_url).exchange_code(app, code="c", code_verifier="v")


def test_a_registration_without_a_redirect_uri_is_a_422(sandbox):
    answer = requests.post(f"{sandbox.mastodon_url}/api/v1/apps", data={"client_name": "x"}, timeout=10)
    assert answer.status_code == 422 and "Redirect URI" in answer.json()["error"]


def test_autoapprove_redirects_at_once_and_signing_in_again_unrevokes_a_token(make_sandbox):
    sandbox = make_sandbox(autoapprove=True)
    oauth = oauth_for(sandbox.mastodon_url)
    app = oauth.register_app(redirect_uri=CALLBACK)
    pkce = new_pkce()
    answer = requests.get(f"{oauth.authorize_url(app, state='s', pkce=pkce)}&account=erin",
                          allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    token = oauth.exchange_code(app, code=code, code_verifier=pkce.verifier).access_token
    assert Api(sandbox.mastodon_url, token).get("/api/v1/accounts/verify_credentials").status_code == 200
    assert sandbox.account("erin")["revoked"] is False


def test_revoke_makes_the_token_fail(sandbox):
    oauth = oauth_for(sandbox.mastodon_url)
    app = oauth.register_app(redirect_uri=CALLBACK)
    token = sandbox.account("alice")["access_token"]
    oauth.revoke(app, token=token)
    assert Api(sandbox.mastodon_url, token).get("/api/v1/accounts/verify_credentials").status_code == 401
