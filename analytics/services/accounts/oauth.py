"""Connect or reconnect an account by signing in on its instance (OAuth 2 code flow with PKCE).

`start_oauth` registers our app once per instance and remembers a single-use attempt; `finish_oauth`
checks the callback, exchanges the code and hands the token to `connect_account`, all or nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.models import Account, OAuthApp, OAuthAttempt, SyncTrigger
from analytics.models.oauth import hash_state
from analytics.services.accounts.connect import connect_account
from platforms.errors import (
    AuthError,
    BadPayload,
    InvalidInstanceURL,
    PlatformError,
    TransientError,
    UnsupportedSoftware,
)
from platforms.mastodon.oauth import (
    MastodonOAuth,
    OAuthRefused,
    RegisteredApp,
    instance_url_from,
    new_pkce,
    new_state,
)
from platforms.nodeinfo import read_nodeinfo
from platforms.software import profile_for

logger = logging.getLogger(__name__)

# Platforms that sign in through the Mastodon client API's OAuth endpoints.
OAUTH_PLATFORMS = ("mastodon", "pixelfed")


class ConnectFailed(Exception):
    """Why a connection did not happen, in words fit for the admin; nothing was created or changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def start_oauth(*, platform: str, instance_url_or_handle: str = "", user, team: str = "",
                reconnect: Account | None = None, redirect_uri: str) -> str:
    """Return the instance's authorize URL; `redirect_uri` is the absolute URL of the admin's callback."""
    if reconnect is not None:
        platform, instance_url_or_handle, team = reconnect.platform, reconnect.instance.base_url, reconnect.team
    if platform not in OAUTH_PLATFORMS:
        raise ConnectFailed(_("Signing in is not available for %(platform)s yet: paste an access token "
                              "instead.") % {"platform": platform})
    try:
        instance_url = instance_url_from(instance_url_or_handle, allow_insecure=_insecure())
    except InvalidInstanceURL as problem:
        raise ConnectFailed(_("This is not an instance we can connect to: %(why)s.")
                            % {"why": problem.message}) from problem
    platform = _software_platform(instance_url, platform)
    app = _registered_app(platform, instance_url, redirect_uri)
    state, pkce = new_state(), new_pkce()
    OAuthAttempt.objects.expired().delete()
    OAuthAttempt.objects.create(state_hash=hash_state(state), app=app, platform=platform,
                                instance_url=instance_url, code_verifier=pkce.verifier, team=team.strip(),
                                user=user, reconnect=reconnect)
    return _oauth(instance_url).authorize_url(_registered(app), state=state, pkce=pkce)


def finish_oauth(*, state: str, code: str | None = None, error: str | None = None, user) -> Account:
    """Handle the callback: the attempt is used up whatever happens; the account is connected or untouched."""
    attempt = claim_attempt(state, user)
    where = attempt.instance_url
    if error:
        if error == "access_denied":
            raise ConnectFailed(_("Access was denied on %(instance)s: nothing was connected.")
                                % {"instance": where})
        raise ConnectFailed(_("%(instance)s did not sign you in (%(error)s): nothing was connected.")
                            % {"instance": where, "error": error[:100]})
    if not code:
        raise ConnectFailed(_("%(instance)s sent no authorization code back: start again.") % {"instance": where})
    app = _registered(attempt.app)
    token = _exchange(attempt, app, code)
    try:
        return _connect(attempt, token)
    except ConnectFailed:
        _revoke_quietly(attempt, app, token)
        raise


def claim_attempt(state: str, user, *, facebook_login: bool = False) -> OAuthAttempt:
    """The user's own attempt for this state, marked used (once); each callback takes only its own flow's."""
    attempt = OAuthAttempt.objects.select_related("app", "reconnect").filter(
        state_hash=hash_state(state or "")).first()
    if (attempt is None or attempt.user_id != getattr(user, "pk", None)
            or (attempt.app_id is None) != facebook_login):
        raise ConnectFailed(_("This sign-in does not match one you started (unknown state): start again."))
    if attempt.used_at is not None:
        raise ConnectFailed(_("This sign-in was already used: start again."))
    if attempt.is_expired():
        raise ConnectFailed(_("This sign-in expired (more than 10 minutes): start again."))
    # The conditional update makes the attempt single-use even when two callbacks race.
    claimed = OAuthAttempt.objects.filter(pk=attempt.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not claimed:
        raise ConnectFailed(_("This sign-in was already used: start again."))
    return attempt


def _exchange(attempt: OAuthAttempt, app: RegisteredApp, code: str) -> str:
    where = attempt.instance_url
    try:
        granted = _oauth(where).exchange_code(app, code=code, code_verifier=attempt.code_verifier.reveal())
    except OAuthRefused as refused:
        if refused.status == 401:
            attempt.app.delete()  # the instance forgot our app: register afresh next time
        raise ConnectFailed(_("%(instance)s refused the sign-in: %(why)s") % {"instance": where,
                                                                             "why": refused.message}) from refused
    except PlatformError as problem:
        raise ConnectFailed(describe_failure(where, problem)) from problem
    return granted.access_token


def _connect(attempt: OAuthAttempt, token: str) -> Account:
    """Connect inside one transaction, so a refusal found afterwards leaves no row behind."""
    where = attempt.instance_url
    try:
        with transaction.atomic():
            # team="" keeps an existing account's team as it is, so the check below sees it.
            account = connect_account(platform=attempt.platform, instance_url=where, token=token, team="",
                                      owner=attempt.user, trigger=SyncTrigger.ADMIN)
            check_same_account(attempt, account)
            check_team(attempt, account)
            if attempt.team and not account.team:
                account.team = attempt.team
                account.save(update_fields=["team", "updated_at"])
    except PlatformError as problem:
        raise ConnectFailed(describe_failure(where, problem)) from problem
    return account


def check_same_account(attempt: OAuthAttempt, account: Account) -> None:
    wanted = attempt.reconnect
    if wanted is not None and account.pk != wanted.pk:
        raise ConnectFailed(_("You signed in as %(signed)s, but the reconnect was for %(wanted)s: nothing "
                              "was changed. Sign in as %(wanted)s.") % {"signed": account.handle,
                                                                       "wanted": wanted.handle})


def check_team(attempt: OAuthAttempt, account: Account) -> None:
    if account.team and account.team != attempt.team:
        raise ConnectFailed(_("%(handle)s is already connected for the team %(team)s: nothing was changed. "
                              "Ask that team to reconnect it.") % {"handle": account.handle, "team": account.team})


def describe_failure(where: str, problem: PlatformError) -> str:
    if isinstance(problem, TransientError):
        return _("%(instance)s did not answer (%(why)s): try again later.") % {"instance": where,
                                                                               "why": problem.message}
    if isinstance(problem, BadPayload):
        return _("%(instance)s answered something that is not a Mastodon-API response (%(why)s).") \
            % {"instance": where, "why": problem.message}
    if isinstance(problem, AuthError):
        return _("%(instance)s did not accept the new token: %(why)s") % {"instance": where,
                                                                          "why": problem.message}
    return _("%(instance)s: %(why)s") % {"instance": where, "why": problem.message}


def _software_platform(instance_url: str, platform: str) -> str:
    """Refuse software we cannot read before registering anything; the client its nodeinfo names, else the
    platform chosen. A nodeinfo we cannot read leaves the decision to the connect step."""
    try:
        node = read_nodeinfo(_oauth(instance_url).http, instance_url)
        return profile_for(node.software, where=instance_url).platform if node else platform
    except UnsupportedSoftware as refused:
        raise ConnectFailed(_("%(why)s: nothing was connected.") % {"why": refused.message}) from refused
    except PlatformError as problem:
        logger.info("no usable nodeinfo at %s: %s", instance_url, problem)
        return platform


def _registered_app(platform: str, instance_url: str, redirect_uri: str) -> OAuthApp:
    """Our app on this instance for this callback URL, registered on first use."""
    known = OAuthApp.objects.filter(instance_url=instance_url, redirect_uri=redirect_uri).first()
    if known is not None:
        return known
    try:
        registered = _oauth(instance_url).register_app(redirect_uri=redirect_uri)
    except PlatformError as problem:
        raise ConnectFailed(_("Could not register PostFlow Analytics on %(instance)s: %(why)s")
                            % {"instance": instance_url, "why": problem.message}) from problem
    try:
        with transaction.atomic():
            return OAuthApp.objects.create(instance_url=instance_url, platform=platform,
                                           client_id=registered.client_id, client_secret=registered.client_secret,
                                           redirect_uri=redirect_uri, scopes=registered.scopes)
    except IntegrityError:  # a concurrent start registered first: use theirs
        return OAuthApp.objects.get(instance_url=instance_url, redirect_uri=redirect_uri)


def _registered(app: OAuthApp) -> RegisteredApp:
    return RegisteredApp(client_id=app.client_id, client_secret=app.client_secret.reveal(),
                         redirect_uri=app.redirect_uri, scopes=app.scopes)


def _revoke_quietly(attempt: OAuthAttempt, app: RegisteredApp, token: str) -> None:
    """A token we will not store should not stay valid on the instance; failing to revoke it is logged only."""
    try:
        _oauth(attempt.instance_url).revoke(app, token=token)
    except PlatformError as problem:
        logger.warning("could not revoke an unused token on %s: %s", attempt.instance_url, problem)


def _oauth(instance_url: str) -> MastodonOAuth:
    # One attempt only: a code is single-use, so a retried exchange would be refused anyway.
    options = {**settings.PLATFORM_HTTP_OPTIONS, "max_attempts": 1}
    return MastodonOAuth(instance_url, allow_insecure=_insecure(), **options)


def _insecure() -> bool:
    return settings.PLATFORM_ALLOW_INSECURE_URLS
