"""Build the platform client for an account: the one place a token is revealed to code."""

from __future__ import annotations

from django.conf import settings

from analytics.models import Account
from analytics.models.accounts import PENDING_REMOTE_ID_PREFIX
from platforms.base import PlatformClient
from platforms.registry import create_client
from platforms.urls import normalise_instance_url


def client_for(account: Account) -> PlatformClient:
    """Links to the server's canonical host are followed, and handles use the server's own account domain."""
    instance = account.instance
    return create_client(
        account.platform,
        instance.base_url,
        account.access_token.reveal(),
        allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS,
        canonical_url=instance.canonical_url or None,
        account_domain=instance.account_domain or None,
        software=instance.software or None,
        **settings.PLATFORM_HTTP_OPTIONS,
    )


def is_facebook_login_instance(base_url: str) -> bool:
    """Accounts connected through Facebook Login live on the Graph host of `META_LOGIN["GRAPH_URL"]`."""
    graph = normalise_instance_url(settings.META_LOGIN["GRAPH_URL"], allow_insecure=True)
    return base_url.rstrip("/") == graph


def facebook_login_id(account: Account) -> str | None:
    """The id to read a Facebook Login account by: its token is the Facebook user's, whose `/me` is no
    Instagram account. None elsewhere (a Mastodon or Instagram Login token names its own account)."""
    if account.remote_id.startswith(PENDING_REMOTE_ID_PREFIX):
        return None
    return account.remote_id if is_facebook_login_instance(account.instance.base_url) else None
