"""A media post of a connected account, and its edit history."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import MediaType, Visibility, platform_choices


class PostQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def of_platform(self, platform: str):
        return self.filter(platform=platform)

    def of_account(self, account):
        return self.filter(account=account)

    def posted_between(self, start, end):
        return self.filter(posted_at__gte=start, posted_at__lt=end)


class LivePostManager(models.Manager.from_queryset(PostQuerySet)):
    """`Post.objects`: what users expect to see — soft-deleted posts are hidden."""

    def get_queryset(self):
        return super().get_queryset().live()


class Post(models.Model):
    account = models.ForeignKey("analytics.Account", on_delete=models.CASCADE, related_name="posts")
    platform = models.CharField(
        _("platform"), max_length=32, choices=platform_choices, help_text=_("Copied from the account for filters.")
    )
    remote_id = models.CharField(_("remote id"), max_length=255)
    url = models.URLField(_("URL on the platform"), max_length=1000, blank=True)
    caption_html = models.TextField(_("caption (HTML)"), blank=True, help_text=_("Sanitised before storage."))
    caption_text = models.TextField(_("caption"), blank=True)
    media_type = models.CharField(_("media type"), max_length=16, choices=MediaType.choices, db_index=True)
    media_url = models.URLField(_("first media URL"), max_length=1000, blank=True)
    preview_url = models.URLField(_("preview URL"), max_length=1000, blank=True)
    media_count = models.PositiveSmallIntegerField(_("media count"), default=1)
    posted_at = models.DateTimeField(_("posted at"))
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(
        _("deleted at"), null=True, blank=True, help_text=_("Set when the platform says the post is gone.")
    )
    language = models.CharField(_("language"), max_length=16, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    history_fetched_at = models.DateTimeField(
        _("edit history fetched at"), null=True, blank=True,
        help_text=_("When the edit history was last stored; older than edited_at means it is still owed."),
    )
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    objects = LivePostManager()
    all_objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # Admin and serialisation see every post, deleted ones included; `Post.objects` hides them.
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["-posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["account", "remote_id"], name="post_unique_remote_id"),
            models.CheckConstraint(condition=models.Q(media_count__gte=0), name="post_media_count_non_negative"),
        ]
        indexes = [
            models.Index(fields=["-posted_at"], name="post_by_posted_at"),
            models.Index(fields=["account", "-posted_at"], name="post_by_account_posted_at"),
            models.Index(fields=["platform", "-posted_at"], name="post_by_platform_posted_at"),
            models.Index(fields=["deleted_at"], name="post_by_deleted_at"),
            # Admin search by a remote id across accounts (support: "why is post X missing?").
            models.Index(fields=["remote_id"], name="post_by_remote_id"),
            # The hourly roll-up's "which days changed" reads posts first seen since its last run.
            models.Index(fields=["first_seen_at"], name="post_by_first_seen_at"),
        ]

    def __str__(self) -> str:
        excerpt = (self.caption_text or "").strip().replace("\n", " ")
        excerpt = excerpt[:60] + ("…" if len(excerpt) > 60 else "")
        return f"{self.get_platform_display()} {self.remote_id}: {excerpt}" if excerpt else f"{self.remote_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PostVersion(models.Model):
    """One version of a post from the platform's edit history (the original included)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    version_at = models.DateTimeField(_("version time"))
    caption_html = models.TextField(_("caption (HTML)"), blank=True)
    caption_text = models.TextField(_("caption"), blank=True)
    media_urls = models.JSONField(_("media URLs"), default=list, blank=True)
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("post version")
        verbose_name_plural = _("post versions")
        ordering = ["post", "version_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "version_at"], name="postversion_unique_per_time"),
        ]

    def __str__(self) -> str:
        return f"{self.post.remote_id} @ {self.version_at:%Y-%m-%d %H:%M}"
