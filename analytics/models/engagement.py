"""Who engaged with a post and when: likes, shares and threaded comments."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EngagementEvent(models.Model):
    """A like or share: one row per (post, actor), with the best time we know for it (subclasses add the keys)."""

    occurred_at = models.DateTimeField(
        _("when"), help_text=_("The platform's time where it gives one, else when we first saw it.")
    )
    time_is_estimate = models.BooleanField(
        _("time is an estimate"),
        default=True,
        help_text=_("True: the platform gave no time, so 'when' is the first-seen time."),
    )
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)
    removed_at = models.DateTimeField(
        _("removed at"), null=True, blank=True, help_text=_("Set when the platform no longer lists it (undone).")
    )

    class Meta:
        abstract = True
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.actor} → {self.post_id}"


class Like(EngagementEvent):
    # No separate post_id index: the (post, actor) unique constraint and by_post_time both start with post_id.
    post = models.ForeignKey("analytics.Post", on_delete=models.CASCADE, related_name="likes", db_index=False)
    actor = models.ForeignKey("analytics.Actor", on_delete=models.CASCADE, related_name="likes")

    class Meta(EngagementEvent.Meta):
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["post", "actor"], name="like_unique_post_actor")]
        indexes = [
            models.Index(fields=["post", "-occurred_at"], name="like_by_post_time"),
            models.Index(fields=["-occurred_at"], name="like_by_time"),
        ]


class Share(EngagementEvent):
    # No separate post_id index: the (post, actor) unique constraint and by_post_time both start with post_id.
    post = models.ForeignKey("analytics.Post", on_delete=models.CASCADE, related_name="shares", db_index=False)
    actor = models.ForeignKey("analytics.Actor", on_delete=models.CASCADE, related_name="shares")

    class Meta(EngagementEvent.Meta):
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [models.UniqueConstraint(fields=["post", "actor"], name="share_unique_post_actor")]
        indexes = [
            models.Index(fields=["post", "-occurred_at"], name="share_by_post_time"),
            models.Index(fields=["-occurred_at"], name="share_by_time"),
        ]


class Comment(models.Model):
    post = models.ForeignKey("analytics.Post", on_delete=models.CASCADE, related_name="comments")
    remote_id = models.CharField(_("remote id"), max_length=255)
    actor = models.ForeignKey("analytics.Actor", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies",
        help_text=_("The comment this one replies to; empty for a reply to the post itself."),
    )
    in_reply_to_remote_id = models.CharField(_("in reply to (remote id)"), max_length=255, blank=True)
    content_html = models.TextField(_("content (HTML)"), blank=True, help_text=_("Sanitised before storage."))
    content_text = models.TextField(_("content"), blank=True)
    created_at = models.DateTimeField(_("written at"))
    like_count = models.PositiveIntegerField(_("likes"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by the owner"), default=False)
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["post", "created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "remote_id"], name="comment_unique_remote_id")]
        indexes = [
            models.Index(fields=["post", "created_at"], name="comment_by_post_time"),
            models.Index(fields=["-created_at"], name="comment_by_time"),
        ]

    def __str__(self) -> str:
        text = self.content_text[:50] + ("…" if len(self.content_text) > 50 else "")
        return f"{self.actor}: {text}"


class EngagementSummary(models.Model):
    """Cached counts per post, refreshed in bulk; dashboards and the posts list read these, not events."""

    post = models.OneToOneField(
        "analytics.Post", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    # Empty when the platform did not report the count (an Instagram owner can hide it): unknown is not zero.
    likes = models.PositiveIntegerField(_("likes"), null=True, blank=True, help_text=_("As the platform reports it."))
    # One definition (metrics glossary): every comment in the thread, replies to replies included; the larger
    # of the comments stored and the platform's own count, which may count direct replies only.
    comments = models.PositiveIntegerField(_("comments"), null=True, blank=True)
    platform_comments = models.PositiveIntegerField(
        _("comments (platform's count)"), null=True, blank=True,
        help_text=_("As the platform reports it; Mastodon and Pixelfed count direct replies only."),
    )
    shares = models.PositiveIntegerField(_("shares"), null=True, blank=True)
    quotes = models.PositiveIntegerField(_("quotes"), null=True, blank=True)
    total_engagement = models.PositiveIntegerField(
        _("total engagement"), default=0, db_index=True, help_text=_("The sum of the counts that are known.")
    )
    views = models.PositiveIntegerField(_("views"), null=True, blank=True, help_text=_("Instagram only."))
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True, help_text=_("Instagram only."))
    saved = models.PositiveIntegerField(_("saved"), null=True, blank=True, help_text=_("Instagram only."))
    engagement_rate = models.FloatField(
        _("engagement rate"), null=True, blank=True, help_text=_("Total engagement / followers (or reach).")
    )
    known_likers = models.PositiveIntegerField(_("likers stored"), default=0)
    known_sharers = models.PositiveIntegerField(_("sharers stored"), default=0)
    known_comments = models.PositiveIntegerField(_("comments stored"), default=0)
    counts_fetched_at = models.DateTimeField(_("counts fetched at"), null=True, blank=True)
    engagers_fetched_at = models.DateTimeField(
        _("likers/sharers fetched at"), null=True, blank=True
    )
    comments_fetched_at = models.DateTimeField(_("comments fetched at"), null=True, blank=True)
    insights_fetched_at = models.DateTimeField(_("insights fetched at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("engagement summary")
        verbose_name_plural = _("engagement summaries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likes__gte=0, comments__gte=0, shares__gte=0, total_engagement__gte=0),
                name="summary_counts_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(engagement_rate__gte=0) | models.Q(engagement_rate__isnull=True),
                name="summary_rate_non_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["-total_engagement"], name="summary_by_total"),
            models.Index(fields=["-likes"], name="summary_by_likes"),
            models.Index(fields=["-comments"], name="summary_by_comments"),
            models.Index(fields=["-shares"], name="summary_by_shares"),
            # The hourly roll-up's "which days changed" reads summaries updated since its last run.
            models.Index(fields=["updated_at"], name="summary_by_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.total_engagement}"
