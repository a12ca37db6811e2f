"""The demo's sign-in: each sandbox account is connected through the real OAuth flow, approved automatically
(the Instagram accounts through Facebook Login on the sandbox's Graph port).

The sandbox runs with `--autoapprove`, so the authorize URL answers at once with the redirect a browser would
follow; the demo reads the code from it instead of sending a browser. Development tool only.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from analytics.models import Account
from analytics.services.accounts.meta_oauth import connect_picked, finish_meta_oauth, start_meta_oauth
from analytics.services.accounts.oauth import ConnectFailed, finish_oauth, start_oauth


def sign_in_sandbox_account(entry: dict, *, user, team: str, callback_url: str) -> Account:
    """Start, approve (as the sandbox account `entry["key"]`) and finish; raises ConnectFailed."""
    authorize_url = start_oauth(platform=entry["platform"], instance_url_or_handle=entry["instance_url"],
                                user=user, team=team, redirect_uri=callback_url)
    answer = requests.get(f"{authorize_url}&{urlencode({'account': entry['key']})}", allow_redirects=False,
                          timeout=10)
    if answer.status_code != 302:
        raise ConnectFailed(f"the sandbox did not approve the sign-in (HTTP {answer.status_code}); "
                            "is it running with --autoapprove?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    return finish_oauth(state=query.get("state", ""), code=query.get("code"), error=query.get("error"), user=user)


def sign_in_sandbox_instagram(graph_url: str, *, user, team: str, callback_url: str) -> list[Account]:
    """Facebook Login on the sandbox's Graph port (autoapproving): connect every Instagram account offered."""
    dialog_url = start_meta_oauth(user=user, team=team, redirect_uri=callback_url)
    answer = requests.get(dialog_url, allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise ConnectFailed(f"the sandbox did not approve the Facebook sign-in at {graph_url} (HTTP "
                            f"{answer.status_code}); is it running with --autoapprove?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    attempt = finish_meta_oauth(query=query, user=user, redirect_uri=callback_url)
    return connect_picked(attempt=attempt, ig_user_ids=[c["ig_user_id"] for c in attempt.choices], user=user)
