"""Top fans ranked by the hourly fan-rankings job for the preset periods, so the Top fans page reads a few
hundred rows instead of grouping the period's likes, shares and comments
(analytics.services.maintenance.fan_rankings)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FanRanking(models.Model):
    """One place in one ranking: overall (no account; all platforms or one) or of one account.

    A window's rows are replaced together; `period_end` and `time_zone` say which local days they cover, so
    a reader can tell whether they answer its period (a day later, or in another zone, they do not)."""

    window_days = models.PositiveSmallIntegerField(_("days"), help_text=_("The preset period: the last N days."))
    period_end = models.DateField(_("last day"), help_text=_("The local day the ranking was computed on."))
    time_zone = models.CharField(_("time zone"), max_length=64, help_text=_("The zone the days were cut in."))
    platform = models.CharField(_("platform"), max_length=32, blank=True,
                                help_text=_("Overall rankings only: empty for all platforms."))
    account = models.ForeignKey("analytics.Account", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", help_text=_("Empty for the overall ranking."))
    place = models.PositiveSmallIntegerField(_("place"))
    actor = models.ForeignKey("analytics.Actor", on_delete=models.CASCADE, related_name="+")
    likes = models.PositiveIntegerField(_("likes"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    last_engaged_at = models.DateTimeField(_("last engaged at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("fan ranking")
        verbose_name_plural = _("fan rankings")
        # The two unique indexes also serve the page's reads: (window, platform) for the overall ranking,
        # (window, account) for the accounts' sections.
        constraints = [
            models.UniqueConstraint(fields=["window_days", "platform", "place"], condition=Q(account__isnull=True),
                                    name="fanranking_unique_overall_place"),
            models.UniqueConstraint(fields=["window_days", "account", "place"], condition=Q(account__isnull=False),
                                    name="fanranking_unique_account_place"),
            models.CheckConstraint(condition=Q(account__isnull=True) | Q(platform=""),
                                   name="fanranking_platform_only_overall"),
            models.CheckConstraint(condition=Q(place__gte=1), name="fanranking_place_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.window_days} days #{self.place}: {self.actor_id}"
