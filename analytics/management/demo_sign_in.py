"""The demo's sign-in: each sandbox account is connected through the real OAuth flow, approved automatically.

The sandbox runs with `--autoapprove`, so the authorize URL answers at once with the redirect a browser would
follow; the demo reads the code from it instead of sending a browser. Development tool only.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from analytics.models import Account
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
