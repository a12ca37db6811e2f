"""An audience member on an instance: who liked, shared or commented (lets us find top fans)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Actor(models.Model):
    instance = models.ForeignKey("analytics.Instance", on_delete=models.CASCADE, related_name="actors")
    remote_id = models.CharField(_("remote id"), max_length=255)
    handle = models.CharField(_("handle"), max_length=255, db_index=True)
    display_name = models.CharField(_("display name"), max_length=255, blank=True)
    url = models.URLField(_("profile URL"), max_length=1000, blank=True)
    avatar_url = models.URLField(_("avatar URL"), max_length=1000, blank=True)
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("audience member")
        verbose_name_plural = _("audience")
        ordering = ["handle"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "remote_id"], name="actor_unique_remote_id"),
        ]

    def __str__(self) -> str:
        return self.handle
