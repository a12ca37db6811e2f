"""Facebook Login for Instagram professional accounts: the dialog URL, the code exchange, the short-lived ->
long-lived token exchange and the pages (with their Instagram accounts) the user manages. No Django here.

`dialog_url` is www.facebook.com in production; `graph_url` is graph.facebook.com (the sandbox serves both).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests

from platforms.errors import AuthError, BadPayload, PlatformError
from platforms.http import HttpPolicy, decode_json
from platforms.instagram import errors
from platforms.redact import redact_text

DIALOG_URL = "https://www.facebook.com"
GRAPH_URL = "https://graph.facebook.com"
API_VERSION = "v25.0"
SCOPES = ("instagram_basic", "instagram_manage_insights", "pages_read_engagement", "pages_show_list")


class MetaOAuthRefused(AuthError):
    """Meta said no: the user denied, the state does not match, a code or token was refused."""


class NoInstagramAccount(MetaOAuthRefused):
    """None of the user's pages has an Instagram professional account linked."""


@dataclass(frozen=True, slots=True)
class MetaApp:
    app_id: str
    app_secret: str
    redirect_uri: str

    def __repr__(self) -> str:  # never show the secret
        return f"MetaApp(app_id={self.app_id!r}, redirect_uri={self.redirect_uri!r})"


@dataclass(frozen=True, slots=True)
class InstagramChoice:
    """One Instagram account the operator may connect, and the page it is linked to."""

    ig_user_id: str
    username: str
    page_id: str
    page_name: str


def check_callback(query: dict[str, str], *, expected_state: str) -> str:
    """The code from the dialog's redirect, or MetaOAuthRefused (denied, or a state that does not match)."""
    if query.get("error") or query.get("error_reason"):
        reason = query.get("error_description") or query.get("error_reason") or query.get("error") or ""
        raise MetaOAuthRefused(f"access was not granted: {redact_text(reason)[:200]}")
    state = query.get("state") or ""
    if not expected_state or not hmac.compare_digest(state, expected_state):
        raise MetaOAuthRefused("the sign-in state does not match (expired or forged); start again")
    code = query.get("code") or ""
    if not code:
        raise MetaOAuthRefused("the dialog returned no code")
    return code


class MetaOAuth:
    def __init__(self, app: MetaApp, *, dialog_url: str = DIALOG_URL, graph_url: str = GRAPH_URL,
                 api_version: str = API_VERSION, allow_insecure: bool = False, http: HttpPolicy | None = None,
                 **policy_options: Any) -> None:
        self.app = app
        self.dialog_base = dialog_url.rstrip("/")
        self.graph_base = graph_url.rstrip("/")
        self.api_version = api_version
        self.http = http or HttpPolicy(**{"allow_insecure": allow_insecure, **policy_options})

    def __repr__(self) -> str:
        return f"MetaOAuth({self.app!r})"

    def dialog_url(self, *, state: str) -> str:
        query = {"client_id": self.app.app_id, "redirect_uri": self.app.redirect_uri, "state": state,
                 "scope": ",".join(SCOPES), "response_type": "code"}
        return f"{self.dialog_base}/{self.api_version}/dialog/oauth?{urlencode(query)}"

    def exchange_code(self, code: str) -> str:
        """The short-lived user token for the dialog's code."""
        return self._token({"client_id": self.app.app_id, "client_secret": self.app.app_secret,
                            "redirect_uri": self.app.redirect_uri, "code": code})

    def long_lived(self, short_token: str) -> str:
        """About 60 days instead of about 2 hours (`grant_type=fb_exchange_token`)."""
        return self._token({"grant_type": "fb_exchange_token", "client_id": self.app.app_id,
                            "client_secret": self.app.app_secret, "fb_exchange_token": short_token})

    def instagram_accounts(self, user_token: str) -> list[InstagramChoice]:
        """Every page's linked Instagram account; NoInstagramAccount when there is none."""
        body = self._get("/me/accounts", {"fields": "name,instagram_business_account{id,username}",
                                          "access_token": user_token, "limit": "100"})
        pages = body.get("data")
        if not isinstance(pages, list):
            raise BadPayload("/me/accounts answered without data", field="data")
        choices = []
        for page in pages:
            linked = page.get("instagram_business_account") if isinstance(page, dict) else None
            if isinstance(linked, dict) and linked.get("id"):
                choices.append(InstagramChoice(ig_user_id=str(linked["id"]),
                                               username=str(linked.get("username") or linked["id"]),
                                               page_id=str(page.get("id") or ""),
                                               page_name=str(page.get("name") or "")))
        if not choices:
            raise NoInstagramAccount("none of your Facebook pages has an Instagram professional account linked")
        return choices

    def _token(self, params: dict[str, str]) -> str:
        token = self._get("/oauth/access_token", params).get("access_token")
        if not isinstance(token, str) or not token:
            raise BadPayload("the token answer has no access_token", field="access_token")
        return token

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        url = f"{self.graph_base}/{self.api_version}{path}"
        response = self.http.request("GET", url, params=params, interpret_error=_refused)
        body = decode_json(response).data
        if not isinstance(body, dict):
            raise BadPayload(f"expected a JSON object from {path}", status=response.status_code)
        return body


def _refused(response: requests.Response) -> PlatformError | None:
    """Graph error bodies from the OAuth endpoints: an OAuthException is a refusal, the rest as usual."""
    error = errors.graph_error_of(response)
    if error is None:
        return None
    if response.status_code in (400, 401, 403) and error.code not in errors.RATE_LIMIT_CODES:
        return MetaOAuthRefused(error.message, status=response.status_code)
    return None
