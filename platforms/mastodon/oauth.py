"""Sign in with a Mastodon-API server (Mastodon, Pixelfed, ...): register the app, build the authorize URL
with `state` and PKCE (S256), exchange the code for a read-only token, revoke it. No Django here.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests

from platforms.errors import AuthError, BadPayload, PlatformError
from platforms.http import HttpPolicy, decode_json
from platforms.redact import redact_text
from platforms.urls import normalise_instance_url

CLIENT_NAME = "PostFlow Analytics"
READ_ONLY_SCOPES = "read"
WEBSITE = "https://postflow-analytics.invalid/"


class OAuthRefused(AuthError):
    """The server said no: a denied, expired or reused code, an unknown client, a refused redirect URI."""


@dataclass(frozen=True, slots=True)
class RegisteredApp:
    """What `POST /api/v1/apps` gave back; the secret goes into encrypted storage at once."""

    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str


@dataclass(frozen=True, slots=True)
class Pkce:
    """RFC 7636: the verifier stays with us, its S256 challenge goes into the authorize URL."""

    verifier: str
    challenge: str
    method: str = "S256"


@dataclass(frozen=True, slots=True)
class GrantedToken:
    access_token: str
    scope: str
    token_type: str = "Bearer"  # noqa: S105 (the token type, not a token)

    def __repr__(self) -> str:  # never show the token
        return f"GrantedToken(scope={self.scope!r})"


def new_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)  # 64 characters, inside RFC 7636's 43..128
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier=verifier, challenge=base64.urlsafe_b64encode(digest).decode("ascii").rstrip("="))


def new_state() -> str:
    return secrets.token_urlsafe(32)


def instance_url_from(text: str, *, allow_insecure: bool) -> str:
    """`@name@host`, `name@host` or a URL -> the normalised instance URL (same checks as a pasted URL)."""
    value = (text or "").strip()
    if "://" not in value and "@" in value:
        value = value.rsplit("@", 1)[1]
    return normalise_instance_url(value, allow_insecure=allow_insecure)


class MastodonOAuth:
    """The OAuth 2 endpoints of one instance; `http` carries the house timeouts and typed errors."""

    def __init__(self, instance_url: str, *, allow_insecure: bool = False, http: HttpPolicy | None = None,
                 **policy_options: Any) -> None:
        self.instance_url = normalise_instance_url(instance_url, allow_insecure=allow_insecure)
        self.http = http or HttpPolicy(**{"allow_insecure": allow_insecure, **policy_options})

    def __repr__(self) -> str:
        return f"MastodonOAuth({self.instance_url!r})"

    def register_app(self, *, redirect_uri: str, scopes: str = READ_ONLY_SCOPES,
                     website: str = WEBSITE) -> RegisteredApp:
        body = self._post_json("/api/v1/apps", {"client_name": CLIENT_NAME, "redirect_uris": redirect_uri,
                                                "scopes": scopes, "website": website})
        return RegisteredApp(client_id=_text(body, "client_id"), client_secret=_text(body, "client_secret"),
                             redirect_uri=redirect_uri, scopes=scopes)

    def authorize_url(self, app: RegisteredApp, *, state: str, pkce: Pkce) -> str:
        query = {"response_type": "code", "client_id": app.client_id, "redirect_uri": app.redirect_uri,
                 "scope": app.scopes, "state": state, "code_challenge": pkce.challenge,
                 "code_challenge_method": pkce.method}
        return f"{self.instance_url}/oauth/authorize?{urlencode(query)}"

    def exchange_code(self, app: RegisteredApp, *, code: str, code_verifier: str) -> GrantedToken:
        body = self._post_json("/oauth/token", {
            "grant_type": "authorization_code", "code": code, "client_id": app.client_id,
            "client_secret": app.client_secret, "redirect_uri": app.redirect_uri, "scope": app.scopes,
            "code_verifier": code_verifier,
        })
        token_type = body.get("token_type") or "Bearer"
        if str(token_type).lower() != "bearer":
            raise BadPayload(f"unexpected token type {token_type!r}", field="token_type")
        return GrantedToken(access_token=_text(body, "access_token"), scope=str(body.get("scope") or app.scopes))

    def revoke(self, app: RegisteredApp, *, token: str) -> None:
        self.http.request("POST", f"{self.instance_url}/oauth/revoke", interpret_error=_oauth_error, data={
            "client_id": app.client_id, "client_secret": app.client_secret, "token": token})

    def _post_json(self, path: str, data: dict[str, str]) -> dict[str, Any]:
        response = self.http.request("POST", f"{self.instance_url}{path}", data=data,
                                     interpret_error=_oauth_error)
        body = decode_json(response).data
        if not isinstance(body, dict):
            raise BadPayload(f"expected a JSON object from {path}", status=response.status_code)
        return body


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise BadPayload(f"the server's answer has no {name}", field=name)
    return value


def _oauth_error(response: requests.Response) -> PlatformError | None:
    """RFC 6749 bodies (`error` + `error_description`) and Mastodon's `{"error": "..."}` as OAuthRefused."""
    if response.status_code not in (400, 401, 403, 422):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("error"), str):
        return None
    described = body.get("error_description")
    message = described if isinstance(described, str) and described else body["error"]
    return OAuthRefused(redact_text(message)[:300], status=response.status_code,
                        url=response.request.path_url.split("?", 1)[0] if response.request else None)
