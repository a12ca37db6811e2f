"""The Graph API-like sandbox's Facebook Login over real HTTP, driven by platforms.instagram.oauth:
approve or deny on the dialog, exchange, list the pages' Instagram accounts, then sync with the token."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from platforms.errors import RefusedLink
from platforms.instagram.client import InstagramClient
from platforms.instagram.oauth import MetaApp, MetaOAuth, MetaOAuthRefused, check_callback
from platforms.sandbox.graph_oauth import APP_ID, APP_SECRET

REDIRECT = "http://testserver/admin/connect/meta/callback/"


def _oauth(sandbox: Any, secret: str = APP_SECRET) -> MetaOAuth:
    return MetaOAuth(MetaApp(APP_ID, secret, REDIRECT), dialog_url=sandbox.instagram_url,
                     graph_url=sandbox.instagram_url, allow_insecure=True)


def _dialog(oauth: MetaOAuth, decision: str) -> dict[str, str]:
    page = requests.get(oauth.dialog_url(state="st"), timeout=10)
    assert page.status_code == 200 and "approve" in page.text
    answer = requests.get(oauth.dialog_url(state="st") + f"&decision={decision}", allow_redirects=False,
                          timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(REDIRECT)
    return dict(parse_qsl(urlsplit(answer.headers["Location"]).query))


def test_approve_exchange_pick_and_sync_with_the_long_lived_token(make_sandbox: Any) -> None:
    sandbox = make_sandbox(posts_per_account=12)
    oauth = _oauth(sandbox)
    code = check_callback(_dialog(oauth, "approve"), expected_state="st")
    token = oauth.long_lived(oauth.exchange_code(code))
    choices = oauth.instagram_accounts(token)
    assert sorted(c.username for c in choices) == ["bakery_sandbox", "studio_sandbox"]
    chosen = choices[0]
    client = InstagramClient(sandbox.instagram_url, token, allow_insecure=True)
    posts = [post for page in client.iter_post_pages(chosen.ig_user_id) for post in page.posts]
    truth = sandbox.graph.world.truth(chosen.ig_user_id)
    assert len(posts) == truth["media"] == 12
    assert sum(len(client.get_comments(p.remote_id).comments) for p in posts) == truth["comments"]
    assert client.get_insights(posts[0].remote_id).reach == truth["insights"][posts[0].remote_id]["reach"]


def test_denied_dialog_and_replayed_code_are_refused(make_sandbox: Any) -> None:
    sandbox = make_sandbox()
    oauth = _oauth(sandbox)
    with pytest.raises(MetaOAuthRefused, match="not granted"):
        check_callback(_dialog(oauth, "deny"), expected_state="st")
    code = check_callback(_dialog(oauth, "approve"), expected_state="st")
    oauth.exchange_code(code)
    with pytest.raises(MetaOAuthRefused, match="used"):
        oauth.exchange_code(code)


def test_wrong_app_secret_is_refused(make_sandbox: Any) -> None:
    sandbox = make_sandbox()
    code = check_callback(_dialog(_oauth(sandbox), "approve"), expected_state="st")
    with pytest.raises(MetaOAuthRefused, match="client secret"):
        _oauth(sandbox, secret="wrong").exchange_code(code)


def test_autoapprove_redirects_at_once(make_sandbox: Any) -> None:
    sandbox = make_sandbox(autoapprove=True)
    answer = requests.get(_oauth(sandbox).dialog_url(state="st"), allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and "code=" in answer.headers["Location"]


def test_the_token_exchange_refuses_a_loopback_graph_host_unless_insecure_urls_are_allowed(make_sandbox: Any) -> None:
    sandbox = make_sandbox()
    code = check_callback(_dialog(_oauth(sandbox), "approve"), expected_state="st")
    strict = MetaOAuth(MetaApp(APP_ID, APP_SECRET, REDIRECT), dialog_url=sandbox.instagram_url,
                       graph_url=sandbox.instagram_url, max_attempts=1)
    with pytest.raises(RefusedLink, match="non-global"):
        strict.exchange_code(code)
