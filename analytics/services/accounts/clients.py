"""Build the platform client for an account: the one place a token is revealed to code."""

from __future__ import annotations

from django.conf import settings

from analytics.models import Account
from platforms.base import PlatformClient
from platforms.registry import create_client


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
        **settings.PLATFORM_HTTP_OPTIONS,
    )
