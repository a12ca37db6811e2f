"""Sign-in state: the app registered once per instance and callback URL, and each single-use attempt."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import platform_choices
from analytics.secrets import EncryptedTokenField

ATTEMPT_LIFETIME = timedelta(minutes=10)


def hash_state(state: str) -> str:
    """Only the state's hash is stored: a database read alone cannot answer a pending callback."""
    return hashlib.sha256(state.encode()).hexdigest()


class OAuthApp(models.Model):
    """Our client registration on one instance (`POST /api/v1/apps`); the secret is encrypted like tokens."""

    instance_url = models.CharField(_("instance URL"), max_length=255)
    platform = models.CharField(_("platform"), max_length=32, choices=platform_choices)
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret = EncryptedTokenField(_("client secret"))
    redirect_uri = models.CharField(_("redirect URI"), max_length=500)
    scopes = models.CharField(_("scopes"), max_length=255)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("OAuth app")
        verbose_name_plural = _("OAuth apps")
        constraints = [
            models.UniqueConstraint(fields=["instance_url", "redirect_uri"], name="oauthapp_unique_per_callback"),
        ]

    def __str__(self) -> str:
        return f"{self.instance_url} ({self.client_id})"


class OAuthAttemptQuerySet(models.QuerySet):
    def expired(self, *, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - ATTEMPT_LIFETIME)


class OAuthAttempt(models.Model):
    """One trip to the instance's sign-in page: found by its state's hash, usable once, for ten minutes."""

    state_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Null for Facebook Login: the Meta app comes from settings, not from a registration per instance.
    app = models.ForeignKey(OAuthApp, on_delete=models.CASCADE, related_name="attempts", null=True, blank=True)
    platform = models.CharField(_("platform"), max_length=32, choices=platform_choices)
    instance_url = models.CharField(_("instance URL"), max_length=255)
    code_verifier = EncryptedTokenField(_("PKCE verifier"))
    team = models.CharField(_("team"), max_length=100, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reconnect = models.ForeignKey("analytics.Account", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+")
    # Facebook Login only: between the callback and the operator's pick, the long-lived user token
    # (encrypted) and the Instagram accounts its pages offer; cleared once the pick is made.
    user_token = EncryptedTokenField(_("Facebook user token"))
    choices = models.JSONField(_("Instagram accounts offered"), default=list, blank=True)
    picked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = OAuthAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self) -> str:
        return f"{self.platform} sign-in at {self.instance_url}"

    def __repr__(self) -> str:
        return f"<OAuthAttempt {self.pk} {self.platform}:{self.instance_url}>"

    def is_expired(self, *, now=None) -> bool:
        return (now or timezone.now()) - self.created_at > ATTEMPT_LIFETIME
