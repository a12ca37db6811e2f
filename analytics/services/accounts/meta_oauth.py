"""Connect Instagram professional accounts through Facebook Login, in three steps the admin drives.

`start_meta_oauth` remembers a single-use attempt and returns Meta's dialog URL; `finish_meta_oauth` checks
the callback, exchanges the code for a long-lived user token and keeps it (encrypted) on the attempt with
the Instagram accounts of the user's pages; `connect_picked` connects the accounts the operator picks through
`connect_account`, all or nothing, and forgets the user token.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.models import Account, OAuthAttempt, SyncTrigger
from analytics.models.oauth import hash_state
from analytics.services.accounts.connect import connect_account
from analytics.services.accounts.oauth import (
    ConnectFailed,
    check_same_account,
    check_team,
    claim_attempt,
    describe_failure,
)
from platforms.errors import BadPayload, InvalidInstanceURL, PlatformError
from platforms.instagram.oauth import MetaApp, MetaOAuth, MetaOAuthRefused, NoInstagramAccount, check_callback
from platforms.mastodon.oauth import new_state
from platforms.urls import normalise_instance_url

logger = logging.getLogger(__name__)
INSTAGRAM = "instagram"
WHERE = "Facebook"


def meta_login_configured() -> bool:
    return bool(settings.META_LOGIN["APP_ID"] and settings.META_LOGIN["APP_SECRET"])


def start_meta_oauth(*, user, team: str = "", reconnect: Account | None = None, redirect_uri: str) -> str:
    """Meta's dialog URL; `redirect_uri` is the absolute URL of the admin's Facebook Login callback."""
    oauth = _oauth(redirect_uri)
    if reconnect is not None:
        team = reconnect.team
    state = new_state()
    OAuthAttempt.objects.expired().delete()
    OAuthAttempt.objects.create(state_hash=hash_state(state), app=None, platform=INSTAGRAM,
                                instance_url=graph_url(), code_verifier="", team=team.strip(), user=user,
                                reconnect=reconnect)
    return oauth.dialog_url(state=state)


def finish_meta_oauth(*, query: dict[str, str], user, redirect_uri: str) -> OAuthAttempt:
    """The attempt, now holding the long-lived token and the accounts on offer; ConnectFailed otherwise."""
    state = query.get("state") or ""
    attempt = claim_attempt(state, user, facebook_login=True)
    try:
        code = check_callback(query, expected_state=state)
    except MetaOAuthRefused as refused:
        raise ConnectFailed(_("Facebook did not sign you in (%(why)s): nothing was connected.")
                            % {"why": refused.message}) from refused
    oauth = _oauth(redirect_uri)
    try:
        token = oauth.long_lived(oauth.exchange_code(code))
        choices = oauth.instagram_accounts(token)
    except NoInstagramAccount as none:
        raise ConnectFailed(_("None of the Facebook pages you manage has an Instagram professional account "
                              "linked: link one in the page's settings, then connect again. Nothing was "
                              "connected.")) from none
    except PlatformError as problem:
        raise ConnectFailed(_describe_meta(problem)) from problem
    offered = [asdict(choice) for choice in choices]
    if attempt.reconnect is not None:
        offered = [c for c in offered if c["ig_user_id"] == attempt.reconnect.remote_id]
        if not offered:
            raise ConnectFailed(_("The Facebook user you signed in as does not manage %(handle)s: nothing was "
                                  "changed.") % {"handle": attempt.reconnect.handle})
    attempt.user_token, attempt.choices = token, offered
    attempt.save(update_fields=["user_token", "choices"])
    return attempt


def pending_pick(attempt_id: int, user) -> OAuthAttempt:
    """The user's Facebook Login attempt waiting for a pick; ConnectFailed when it is gone or done."""
    attempt = OAuthAttempt.objects.select_related("reconnect").filter(
        pk=attempt_id, user=user, platform=INSTAGRAM, app__isnull=True, used_at__isnull=False).first()
    if attempt is None or not attempt.choices or not attempt.user_token.reveal():
        raise ConnectFailed(_("This Facebook sign-in is unknown or was already used: start again."))
    if attempt.picked_at is not None:
        raise ConnectFailed(_("These Instagram accounts were already connected from this sign-in: start again."))
    if attempt.is_expired():
        raise ConnectFailed(_("This Facebook sign-in expired (more than 10 minutes): start again."))
    return attempt


def connect_picked(*, attempt: OAuthAttempt, ig_user_ids: list[str], user) -> list[Account]:
    """Connect every picked account in one transaction; the attempt is used up and forgets its token."""
    offered = {choice["ig_user_id"] for choice in attempt.choices}
    picked = [i for i in dict.fromkeys(ig_user_ids) if i in offered]
    if not picked or len(picked) != len(set(ig_user_ids)):
        raise ConnectFailed(_("Pick at least one of the Instagram accounts offered."))
    # The conditional update makes the pick single-use even when two submissions race.
    if not OAuthAttempt.objects.filter(pk=attempt.pk, picked_at__isnull=True).update(picked_at=timezone.now()):
        raise ConnectFailed(_("These Instagram accounts were already connected from this sign-in: start again."))
    token = attempt.user_token.reveal()
    try:
        with transaction.atomic():
            return [_connect_one(attempt, token, ig_user_id, user) for ig_user_id in picked]
    except PlatformError as problem:
        raise ConnectFailed(_describe_meta(problem)) from problem
    finally:
        OAuthAttempt.objects.filter(pk=attempt.pk).update(user_token="", choices=[])


def _connect_one(attempt: OAuthAttempt, token: str, ig_user_id: str, user) -> Account:
    account = connect_account(platform=INSTAGRAM, instance_url=attempt.instance_url, token=token, team="",
                              owner=user, trigger=SyncTrigger.ADMIN, account_id=ig_user_id)
    check_same_account(attempt, account)
    check_team(attempt, account)
    if attempt.team and not account.team:
        account.team = attempt.team
        account.save(update_fields=["team", "updated_at"])
    return account


def graph_url() -> str:
    try:
        return normalise_instance_url(settings.META_LOGIN["GRAPH_URL"],
                                      allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS)
    except InvalidInstanceURL as problem:
        raise ConnectFailed(_("META_GRAPH_URL is not a Graph API address we may use: %(why)s.")
                            % {"why": problem.message}) from problem


def _oauth(redirect_uri: str) -> MetaOAuth:
    if not meta_login_configured():
        raise ConnectFailed(_("Facebook Login is not set up: set META_APP_ID and META_APP_SECRET (see "
                              "docs/connecting-accounts.md), or paste an access token instead."))
    login = settings.META_LOGIN
    app = MetaApp(app_id=login["APP_ID"], app_secret=login["APP_SECRET"], redirect_uri=redirect_uri)
    # One attempt only: a code is single-use, so a retried exchange would be refused anyway.
    options = {**settings.PLATFORM_HTTP_OPTIONS, "max_attempts": 1}
    return MetaOAuth(app, dialog_url=login["DIALOG_URL"], graph_url=graph_url(),
                     allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS, **options)


def _describe_meta(problem: PlatformError) -> str:
    if isinstance(problem, MetaOAuthRefused):
        return _("Facebook refused the sign-in: %(why)s. Nothing was connected.") % {"why": problem.message}
    if isinstance(problem, BadPayload):
        return _("Facebook answered something that is not a Graph API response (%(why)s): nothing was "
                 "connected.") % {"why": problem.message}
    return describe_failure(WHERE, problem)
