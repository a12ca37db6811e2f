"""A server (instance) that hosts connected accounts and their audience."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import platform_choices


class Instance(models.Model):
    base_url = models.URLField(
        _("base URL"), unique=True, help_text=_("Normalised scheme and host, e.g. https://mastodon.social")
    )
    canonical_url = models.URLField(
        _("canonical URL"), unique=True, null=True, blank=True,
        help_text=_("The scheme and host the server calls itself; an alias typed at connect time finds it."),
    )
    account_domain = models.CharField(
        _("account domain"), max_length=255, blank=True, db_default="",
        help_text=_("The domain in the server's handles."),
    )
    software = models.CharField(_("software"), max_length=64, blank=True, db_default="",
                                help_text=_("e.g. mastodon, gotosocial"))
    platform = models.CharField(_("platform"), max_length=32, choices=platform_choices, db_index=True)
    software_version = models.CharField(
        _("software version"), max_length=100, blank=True, help_text=_("As reported by the instance API.")
    )
    version_checked_at = models.DateTimeField(_("version checked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["base_url"]

    def __str__(self) -> str:
        return self.base_url
