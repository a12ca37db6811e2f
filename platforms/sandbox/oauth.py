"""The sandbox's sign-in: app registration, an authorize page with Approve/Deny, code-for-token with PKCE,
and revocation, shaped like Mastodon's Doorkeeper answers, on both instances.

Development tool only: any visitor may approve as any sandbox account (chosen on the page).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from platforms.sandbox.model import Account, Instance
from platforms.sandbox.routing import Request, Response, error, json_response

CODE_LIFETIME = 600.0  # Doorkeeper's default: ten minutes
INVALID_GRANT = ("The provided authorization grant is invalid, expired, revoked, does not match the redirection "
                 "URI used in the authorization request, or was issued to another client.")
INVALID_CLIENT = ("Client authentication failed due to unknown client, no client authentication included, or "
                  "unsupported authentication method.")
PATHS = {("POST", "/api/v1/apps"), ("GET", "/oauth/authorize"), ("POST", "/oauth/authorize"),
         ("POST", "/oauth/token"), ("POST", "/oauth/revoke")}


@dataclass(slots=True)
class App:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    scopes: str
    instance: Instance


@dataclass(slots=True)
class Grant:
    client_id: str
    redirect_uri: str
    account: Account
    challenge: str | None
    expires_at: float


@dataclass(slots=True)
class OAuthServer:
    """Apps and pending codes of both instances; call under the world's lock."""

    autoapprove: bool = False
    apps: dict[str, App] = field(default_factory=dict)
    codes: dict[str, Grant] = field(default_factory=dict)

    @staticmethod
    def handles(request: Request) -> bool:
        return (request.method, request.path.rstrip("/")) in PATHS

    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/")
        if path == "/api/v1/apps":
            return self._register(request)
        if path == "/oauth/authorize":
            return self._authorize(request)
        if path == "/oauth/token":
            return self._token(request)
        return self._revoke(request)

    def _register(self, request: Request) -> Response:
        uris = (request.first("redirect_uris") or "").split()
        if not request.first("client_name") or not uris:
            return error(422, "Validation failed: Application name can't be blank, Redirect URI can't be blank")
        app = App(secrets.token_urlsafe(16), secrets.token_urlsafe(24), uris, request.first("scopes") or "read",
                  request.instance)
        self.apps[app.client_id] = app
        return json_response({"id": str(len(self.apps)), "name": request.first("client_name"),
                              "website": request.first("website"), "redirect_uri": "\n".join(uris),
                              "redirect_uris": uris, "client_id": app.client_id,
                              "client_secret": app.client_secret, "vapid_key": "", "scopes": app.scopes.split()})

    def _authorize(self, request: Request) -> Response:
        app = self.apps.get(request.first("client_id") or "")
        redirect_uri = request.first("redirect_uri") or ""
        if app is None or app.instance is not request.instance or redirect_uri not in app.redirect_uris:
            # Doorkeeper shows an error page and never redirects to an unverified URI.
            return _page("Authorization error", f"<p>{escape(INVALID_CLIENT)}</p>", status=400)
        if request.first("response_type") != "code":
            return _back(redirect_uri, request, error="unsupported_response_type")
        if request.method == "GET" and not self.autoapprove:
            return _approval_page(request, app)
        if request.method == "POST" and request.first("decision") != "approve":
            return _back(redirect_uri, request, error="access_denied",
                         error_description="The resource owner or authorization server denied the request.")
        account = _chosen_account(request)
        if account is None:
            return _page("Authorization error", "<p>No such account on this instance.</p>", status=400)
        code = secrets.token_urlsafe(24)
        challenge = request.first("code_challenge")
        if challenge and request.first("code_challenge_method") != "S256":
            return _back(redirect_uri, request, error="invalid_request",
                         error_description="Only the S256 code challenge method is supported.")
        self.codes[code] = Grant(app.client_id, redirect_uri, account, challenge, time.time() + CODE_LIFETIME)
        return _back(redirect_uri, request, code=code)

    def _token(self, request: Request) -> Response:
        app = self.apps.get(request.first("client_id") or "")
        if app is None or app.client_secret != request.first("client_secret") or app.instance is not \
                request.instance:
            return _oauth_error(401, "invalid_client", INVALID_CLIENT)
        if request.first("grant_type") != "authorization_code":
            return _oauth_error(400, "unsupported_grant_type", "The authorization grant type is not supported.")
        grant = self.codes.pop(request.first("code") or "", None)  # a code works once
        if grant is None or grant.expires_at < time.time() or grant.client_id != app.client_id \
                or grant.redirect_uri != request.first("redirect_uri") \
                or not _verifier_matches(grant.challenge, request.first("code_verifier")):
            return _oauth_error(400, "invalid_grant", INVALID_GRANT)
        account = grant.account
        if account.revoked:  # signing in again is how a revoked account gets a working token
            account.token, account.revoked = f"{account.token.split('~')[0]}~{secrets.token_hex(4)}", False
        return json_response({"access_token": account.token, "token_type": "Bearer", "scope": app.scopes,
                              "created_at": int(time.time())})

    def _revoke(self, request: Request) -> Response:
        app = self.apps.get(request.first("client_id") or "")
        if app is None or app.client_secret != request.first("client_secret"):
            return _oauth_error(403, "unauthorized_client", "You are not authorized to revoke this token")
        for account in request.instance.accounts:
            if account.token == request.first("token"):
                account.revoked = True
        return json_response({})


def _verifier_matches(challenge: str | None, verifier: str | None) -> bool:
    if not challenge:
        return True
    if not verifier:
        return False
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return secrets.compare_digest(base64.urlsafe_b64encode(digest).decode().rstrip("="), challenge)


def _chosen_account(request: Request) -> Account | None:
    wanted = request.first("account")
    accounts = request.instance.accounts
    if not wanted:
        return accounts[0] if accounts else None
    return next((a for a in accounts if wanted in (a.key, a.actor.username)), None)


def _back(redirect_uri: str, request: Request, **answer: str) -> Response:
    state = request.first("state")
    query = urlencode({**answer, **({"state": state} if state else {})})
    separator = "&" if "?" in redirect_uri else "?"
    return Response(302, b"", "text/html; charset=utf-8", {"Location": f"{redirect_uri}{separator}{query}"})


def _oauth_error(status: int, code: str, description: str) -> Response:
    return json_response({"error": code, "error_description": description}, status)


_CARRIED = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
            "code_challenge_method")


def _approval_page(request: Request, app: App) -> Response:
    hidden = "".join(f'<input type="hidden" name="{name}" value="{escape(request.first(name) or "")}">'
                     for name in _CARRIED if request.first(name) is not None)
    preselected = request.first("account")
    options = "".join(
        f'<option value="{escape(a.key)}"{" selected" if preselected in (a.key, a.actor.username) else ""}>'
        f"@{escape(a.actor.username)}</option>"
        for a in request.instance.accounts)
    body = (f"<p>PostFlow Analytics asks to read your account (scopes: {escape(app.scopes)}).</p>"
            f'<form method="post" action="/oauth/authorize">{hidden}'
            f'<label for="account">Sign in as</label> <select id="account" name="account">{options}</select>'
            '<button type="submit" name="decision" value="approve">Approve</button>'
            '<button type="submit" name="decision" value="deny">Deny</button></form>')
    return _page(f"Authorize PostFlow Analytics on {escape(request.instance.title)}", body)


def _page(title: str, body: str, *, status: int = 200) -> Response:
    html = f"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    return Response(status, html.encode(), "text/html; charset=utf-8")
