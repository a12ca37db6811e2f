"""A staff user's display preferences: the time zone every dashboard, chart bucket and export date uses."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """Accept an IANA zone name ("Europe/Berlin"); an empty value means "the site's zone"."""
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(zone)s is not a known time zone (use a name like Europe/Berlin)."),
                              params={"zone": value})


class UserPreferences(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="postflow_prefs")
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_time_zone],
        help_text=_("IANA name such as Europe/Berlin. Empty: the team's zone (the TIME_ZONE setting)."),
    )

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.time_zone or _('team zone')}"
