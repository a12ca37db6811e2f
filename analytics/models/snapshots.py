"""Time series: per-post metric snapshots and per-account daily roll-ups that dashboards read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import Granularity


class MetricSnapshot(models.Model):
    """A post's counts at one moment; downsampled by retention (all for 7 days, hourly for 30, daily after)."""

    post = models.ForeignKey("analytics.Post", on_delete=models.CASCADE, related_name="snapshots")
    captured_at = models.DateTimeField(_("captured at"))
    granularity = models.CharField(
        _("granularity"), max_length=8, choices=Granularity.choices, default=Granularity.RAW
    )
    likes = models.PositiveIntegerField(_("likes"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    total_engagement = models.PositiveIntegerField(_("total engagement"), default=0)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    saved = models.PositiveIntegerField(_("saved"), null=True, blank=True)

    class Meta:
        verbose_name = _("metric snapshot")
        verbose_name_plural = _("metric snapshots")
        ordering = ["post", "captured_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "captured_at"], name="snapshot_unique_post_time"),
            models.CheckConstraint(
                condition=models.Q(likes__gte=0, comments__gte=0, shares__gte=0, total_engagement__gte=0),
                name="snapshot_counts_non_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["post", "-captured_at"], name="snapshot_by_post_time"),
            models.Index(fields=["granularity", "captured_at"], name="snapshot_by_retention"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.captured_at:%Y-%m-%d %H:%M}"


class AccountDailyStats(models.Model):
    """One account's day: posts published, engagement received, followers — rebuilt for days touched."""

    account = models.ForeignKey("analytics.Account", on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField(_("day"))
    posts_published = models.PositiveIntegerField(_("posts published"), default=0)
    likes = models.PositiveIntegerField(_("likes received"), default=0)
    comments = models.PositiveIntegerField(_("comments received"), default=0)
    shares = models.PositiveIntegerField(_("shares received"), default=0)
    total_engagement = models.PositiveIntegerField(_("total engagement"), default=0)
    # Insights of the day's posts; NULL when none of them reports any (the platform has no views or reach).
    views = models.PositiveBigIntegerField(_("views"), null=True, blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)
    followers_count = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("account daily stats")
        verbose_name_plural = _("account daily stats")
        ordering = ["-day", "account"]
        constraints = [
            models.UniqueConstraint(fields=["account", "day"], name="accountdailystats_unique_day"),
            models.CheckConstraint(
                condition=models.Q(
                    posts_published__gte=0, likes__gte=0, comments__gte=0, shares__gte=0, total_engagement__gte=0
                ),
                name="accountdailystats_non_negative",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="accountdailystats_by_day")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.day}"


class DailyTopPost(models.Model):
    """Top-post candidates: the best live posts of each local day and platform by total engagement, as of the
    last roll-up. A period's top posts are among its days' candidates, so dashboards rank a few hundred rows
    instead of joining every engagement summary (docs/benchmarks.md)."""

    PER_DAY = 10  # candidates kept per local day and platform: enough for a top 10 of any period

    day = models.DateField(_("day"))
    platform = models.CharField(_("platform"), max_length=32)
    post = models.OneToOneField("analytics.Post", on_delete=models.CASCADE, related_name="top_rank")
    total_engagement = models.PositiveIntegerField(_("total engagement"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("daily top post")
        verbose_name_plural = _("daily top posts")
        indexes = [models.Index(fields=["platform", "day"], name="dailytoppost_by_platform_day"),
                   models.Index(fields=["day"], name="dailytoppost_by_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.platform} {self.post_id}"
