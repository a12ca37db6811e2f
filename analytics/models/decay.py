"""How fast a post's engagement arrives: times to 50 % and 90 % and a cumulative curve, from real event times.

Written by the roll-up job (analytics.services.maintenance.decay) so the Decay page never scans event tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Hours since publication at which the cumulative share of engagement is stored (`share_<h>h`).
CURVE_HOURS = (1, 3, 6, 12, 24, 48, 168)


class PostDecay(models.Model):
    """One post's decay figures; shares are 0..1 of the post's timed events received by that hour."""

    post = models.OneToOneField("analytics.Post", on_delete=models.CASCADE, primary_key=True,
                                related_name="decay")
    timed_events = models.PositiveIntegerField(
        _("events with a real time"), default=0,
        help_text=_("Likes, shares and comments whose time the platform reported (estimates are left out)."),
    )
    estimated_events = models.PositiveIntegerField(_("events with an estimated time"), default=0)
    hours_to_half = models.FloatField(_("hours to 50 %"), null=True, blank=True)
    hours_to_ninety = models.FloatField(_("hours to 90 %"), null=True, blank=True)
    share_1h = models.FloatField(null=True, blank=True)
    share_3h = models.FloatField(null=True, blank=True)
    share_6h = models.FloatField(null=True, blank=True)
    share_12h = models.FloatField(null=True, blank=True)
    share_24h = models.FloatField(null=True, blank=True)
    share_48h = models.FloatField(null=True, blank=True)
    share_168h = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("post decay")
        verbose_name_plural = _("post decay")
        constraints = [
            models.CheckConstraint(condition=models.Q(hours_to_half__gte=0) | models.Q(hours_to_half__isnull=True),
                                   name="postdecay_half_non_negative"),
        ]

    def __str__(self) -> str:
        return f"decay of {self.post_id}"
