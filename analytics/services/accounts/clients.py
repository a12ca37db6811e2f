"""Build the platform client for an account: the one place a token is revealed to code."""

from __future__ import annotations

from django.conf import settings

from analytics.models import Account
from platforms.base import PlatformClient
from platforms.registry import create_client


def client_for(account: Account) -> PlatformClient:
    return create_client(
        account.platform,
        account.instance.base_url,
        account.access_token.reveal(),
        allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS,
        **settings.PLATFORM_HTTP_OPTIONS,
    )

