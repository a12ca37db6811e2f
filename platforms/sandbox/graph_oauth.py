"""The Graph API-like sandbox's Facebook Login: `/dialog/oauth` (an approve page, or at once with
autoapprove), `/oauth/access_token` (code, then `fb_exchange_token`) and `/me/accounts` for the
Facebook user. App id `sandbox-meta-app`, secret `sandbox-meta-secret`.

Development tool only.
"""

from __future__ import annotations

import secrets
from html import escape
from typing import Any
from urllib.parse import urlencode

from platforms.sandbox.routing import Request, Response, json_response

APP_ID = "sandbox-meta-app"
APP_SECRET = "sandbox-meta-secret"  # noqa: S105 - the sandbox's published test secret
FB_USER_ID = "10200000000000001"


def _graph_error(message: str, code: int = 100) -> Response:
    return json_response({"error": {"message": message, "type": "OAuthException", "code": code,
                                    "fbtrace_id": "ASandboxOAuth"}}, 400)


class MetaLogin:
    """Codes and user tokens handed out by the dialog; the user manages every sandbox page."""

    def __init__(self, *, autoapprove: bool) -> None:
        self.autoapprove = autoapprove
        self.codes: dict[str, str] = {}  # code -> redirect_uri
        self.short_tokens: set[str] = set()
        self.user_tokens: set[str] = set()  # long-lived (and short-lived) Facebook user tokens

    def handles(self, request: Request) -> bool:
        path = "/" + "/".join(p for p in request.path.split("/") if p and not _is_version(p))
        return path in ("/dialog/oauth", "/oauth/access_token")

    def handle(self, request: Request) -> Response:
        if request.path.rstrip("/").endswith("/dialog/oauth"):
            return self._dialog(request)
        return self._token(request)

    def is_user_token(self, token: str) -> bool:
        return token in self.user_tokens or token in self.short_tokens

    def _dialog(self, request: Request) -> Response:
        redirect = request.first("redirect_uri") or ""
        state = request.first("state") or ""
        if request.first("client_id") != APP_ID or not redirect:
            return Response(400, b"<h1>Invalid App ID or redirect_uri</h1>", "text/html; charset=utf-8")
        decision = request.first("decision")
        if decision == "deny":
            return _redirect(redirect, {"error": "access_denied", "error_reason": "user_denied",
                                        "error_description": "Permissions error", "state": state})
        if decision == "approve" or self.autoapprove:
            code = "FBCODE" + secrets.token_urlsafe(12)
            self.codes[code] = redirect
            return _redirect(redirect, {"code": code, "state": state})
        keep = urlencode([(k, v) for k, v in request.query if k != "decision"])
        page = (f"<html><body><h1>Sandbox Facebook Login</h1><p>PostFlow Analytics asks for "
                f"{escape(request.first('scope') or '')}.</p>"
                f"<a id='approve' href='?{escape(keep)}&amp;decision=approve'>Continue</a> "
                f"<a id='deny' href='?{escape(keep)}&amp;decision=deny'>Cancel</a></body></html>")
        return Response(200, page.encode(), "text/html; charset=utf-8")

    def _token(self, request: Request) -> Response:
        if request.first("client_id") != APP_ID or request.first("client_secret") != APP_SECRET:
            return _graph_error("Error validating client secret.", 1)
        if request.first("grant_type") == "fb_exchange_token":
            short = request.first("fb_exchange_token") or ""
            if not self.is_user_token(short):
                return _graph_error("Invalid OAuth access token - Cannot parse access token", 190)
            token = "FBLONG" + secrets.token_urlsafe(16)
            self.user_tokens.add(token)
            return json_response({"access_token": token, "token_type": "bearer", "expires_in": 5183944})
        code = request.first("code") or ""
        redirect = self.codes.pop(code, None)
        if redirect is None:
            return _graph_error("This authorization code has been used.", 100)
        if redirect != request.first("redirect_uri"):
            return _graph_error("Error validating verification code. Please make sure your redirect_uri is "
                                "identical to the one you used in the OAuth dialog request", 100)
        token = "FBSHORT" + secrets.token_urlsafe(16)
        self.short_tokens.add(token)
        return json_response({"access_token": token, "token_type": "bearer", "expires_in": 5400})


def accounts_page(users: list[Any]) -> dict[str, Any]:
    """`/me/accounts?fields=name,instagram_business_account{id,username}`: a page per business account,
    plus one page without an Instagram account."""
    pages = [{"id": f"1090000000000{index:04d}", "name": f"{user.name} (page)",
              "instagram_business_account": {"id": user.id, "username": user.username}}
             for index, user in enumerate(users)]
    pages.append({"id": "10900000009999", "name": "Team news (no Instagram)"})
    return {"data": pages, "paging": {"cursors": {"before": "MA", "after": "MQ"}}}


def _is_version(segment: str) -> bool:
    return segment.startswith("v") and segment[1:].replace(".", "").isdigit()


def _redirect(target: str, params: dict[str, str]) -> Response:
    joiner = "&" if "?" in target else "?"
    response = Response(302, b"", "text/html; charset=utf-8")
    response.headers["Location"] = f"{target}{joiner}{urlencode(params)}"
    return response
