"""Posts summed per UTC hour, platform and content feature: what the Content comparison page reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentFeature(models.TextChoices):
    MEDIA = "media", _("Media type")
    CAPTION = "caption", _("Caption length")
    HASHTAGS = "hashtags", _("Number of hashtags")


class ContentHourStats(models.Model):
    """The live posts published in one UTC hour on one platform that share one value of one feature.

    `bucket` is the media type, the caption-length bucket's index, or the hashtag count capped at the last
    bucket's lower bound (analytics.selectors.content). Summing a period's rows gives the page's groups for
    any period of whole hours (every zone with whole-hour offsets), and the MEDIA rows of an hour also give
    the posting-hour comparison. Written by the roll-up job (analytics.services.maintenance.content_stats).
    """

    hour = models.DateTimeField(_("hour (UTC)"))
    platform = models.CharField(_("platform"), max_length=32)
    feature = models.CharField(_("feature"), max_length=16, choices=ContentFeature.choices)
    bucket = models.CharField(_("value"), max_length=32)
    posts = models.PositiveIntegerField(_("posts"), default=0)
    total_engagement = models.BigIntegerField(_("engagement"), default=0)
    # Per post: engagement ÷ followers on its publish day; summed over the posts whose followers are known.
    rate_sum = models.FloatField(_("sum of engagement rates"), default=0.0)
    rate_posts = models.PositiveIntegerField(_("posts with a rate"), default=0)

    class Meta:
        verbose_name = _("content hour stats")
        verbose_name_plural = _("content hour stats")
        constraints = [
            models.UniqueConstraint(fields=["hour", "platform", "feature", "bucket"], name="contenthourstats_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}h {self.platform} {self.feature}={self.bucket}"
