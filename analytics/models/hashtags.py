"""Hashtags, which posts use them, and their hourly/daily stats for trending."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import Granularity, platform_choices


class Hashtag(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True, help_text=_("Lower-case, without '#'."))
    posts = models.ManyToManyField("analytics.Post", through="analytics.PostHashtag", related_name="hashtags")
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("hashtag")
        verbose_name_plural = _("hashtags")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"#{self.name}"


class PostHashtag(models.Model):
    post = models.ForeignKey("analytics.Post", on_delete=models.CASCADE, related_name="post_hashtags")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="post_hashtags")

    class Meta:
        verbose_name = _("post hashtag")
        verbose_name_plural = _("post hashtags")
        constraints = [models.UniqueConstraint(fields=["post", "hashtag"], name="posthashtag_unique")]
        indexes = [models.Index(fields=["hashtag", "post"], name="posthashtag_by_hashtag")]

    def __str__(self) -> str:
        return f"{self.hashtag} on {self.post_id}"


class HashtagStats(models.Model):
    """Per hashtag, platform and period (hour or day): posts using it and the engagement they received.

    Split by platform so hashtag pages filter by platform from the roll-up; all-platform figures sum the rows.
    """

    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="stats")
    platform = models.CharField(_("platform"), max_length=32, choices=platform_choices)
    granularity = models.CharField(_("granularity"), max_length=8, choices=Granularity.choices)
    period_start = models.DateTimeField(_("period start"))
    posts_count = models.PositiveIntegerField(_("posts"), default=0)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    total_engagement = models.PositiveIntegerField(_("total engagement"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hashtag stats")
        verbose_name_plural = _("hashtag stats")
        ordering = ["-period_start", "hashtag"]
        constraints = [
            models.UniqueConstraint(
                fields=["hashtag", "platform", "granularity", "period_start"], name="hashtagstats_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(posts_count__gte=0, total_engagement__gte=0),
                name="hashtagstats_non_negative",
            ),
        ]
        indexes = [models.Index(fields=["granularity", "-period_start"], name="hashtagstats_by_period")]

    def __str__(self) -> str:
        return f"{self.hashtag} {self.platform} {self.granularity} {self.period_start:%Y-%m-%d %H:%M}"
