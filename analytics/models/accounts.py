"""A connected account: whose posts we sync, with its encrypted token and sync health."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import AccountStatus, platform_choices
from analytics.secrets import EncryptedTokenField

# An account imported from CSV has no platform id until its token is verified; its handle stands in.
PENDING_REMOTE_ID_PREFIX = "pending:"


def pending_remote_id(handle: str) -> str:
    return f"{PENDING_REMOTE_ID_PREFIX}{handle.strip().lstrip('@').lower()}"


class AccountQuerySet(models.QuerySet):
    def syncable(self):
        """Accounts the schedules may touch: switched on and not waiting for a new token."""
        return self.filter(is_active=True).exclude(status=AccountStatus.NEEDS_REAUTH)

    def of_platform(self, platform: str):
        return self.filter(platform=platform)

    def token_at_risk(self, *, until):
        """Active accounts whose token dies by `until` or whose last rotation failed (reconnect them)."""
        return self.filter(is_active=True).filter(Q(token_expires_at__lte=until) | ~Q(token_refresh_error=""))


class Account(models.Model):
    instance = models.ForeignKey("analytics.Instance", on_delete=models.PROTECT, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=32, choices=platform_choices, db_index=True)
    remote_id = models.CharField(_("remote id"), max_length=255, help_text=_("The platform's opaque account id."))
    handle = models.CharField(_("handle"), max_length=255)
    display_name = models.CharField(_("display name"), max_length=255, blank=True)
    url = models.URLField(_("profile URL"), max_length=500, blank=True)
    avatar_url = models.URLField(_("avatar URL"), max_length=1000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.CharField(_("team"), max_length=100, blank=True, db_index=True)
    access_token = EncryptedTokenField(
        _("access token"), help_text=_("Encrypted at rest; never shown. Replace it to re-authenticate.")
    )
    token_expires_at = models.DateTimeField(_("token expires at"), null=True, blank=True)
    token_refreshed_at = models.DateTimeField(_("token refreshed at"), null=True, blank=True)
    token_refresh_error = models.CharField(
        _("token rotation error"), max_length=500, blank=True, db_default="",
        help_text=_("Why the last rotation of a long-lived token failed; empty once one succeeds."))
    scopes = models.CharField(_("granted scopes"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Off: schedules skip this account."))
    status = models.CharField(
        _("status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE, db_index=True
    )
    status_detail = models.TextField(_("status detail"), blank=True)
    followers_count = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    following_count = models.PositiveIntegerField(_("following"), null=True, blank=True)
    remote_posts_count = models.PositiveIntegerField(
        _("posts on platform"), null=True, blank=True, help_text=_("All statuses, as the platform counts them.")
    )
    last_synced_at = models.DateTimeField(_("last post sync"), null=True, blank=True)
    last_refreshed_at = models.DateTimeField(_("last engagement refresh"), null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("connected at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "remote_id"], name="account_unique_remote_id"),
            models.CheckConstraint(
                condition=Q(followers_count__gte=0) | Q(followers_count__isnull=True),
                name="account_followers_non_negative",
            ),
        ]
        permissions = [
            ("sync_posts", "Can run 'Sync posts now'"),
            ("refresh_engagement", "Can run 'Refresh engagement'"),
            ("export_data", "Can export analytics data"),
            ("manage_tokens", "Can replace access tokens"),
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({self.get_platform_display()})"

    def __repr__(self) -> str:
        # Never includes the token.
        return f"<Account {self.pk} {self.platform}:{self.handle}>"
