"""The audit row of every sync and refresh: how staff answer "why is post X missing?"."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SyncKind(models.TextChoices):
    CONNECT = "connect", _("Connect account")
    SYNC_POSTS = "sync_posts", _("Sync posts")
    REFRESH_ENGAGEMENT = "refresh_engagement", _("Refresh engagement")
    ROLLUP = "rollup", _("Roll-ups")
    RETENTION = "retention", _("Retention")
    FAN_RANKINGS = "fan_rankings", _("Fan rankings")


class SyncTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    ADMIN = "admin", _("Admin action")
    COMMAND = "command", _("Management command")
    RETRY = "retry", _("Retry")


class SyncStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    OK = "ok", _("OK")
    PARTIAL = "partial", _("Partial")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


def lease_duration() -> timedelta:
    """How long a run may stay silent (no heartbeat) before it counts as lost with its worker."""
    return timedelta(seconds=settings.POSTFLOW["ACCOUNT_LEASE_SECONDS"])


def queued_run_max_wait() -> timedelta:
    """How long a queued run may wait for a worker before it counts as lost (its task never arrived)."""
    return timedelta(seconds=settings.POSTFLOW["QUEUED_RUN_MAX_WAIT_SECONDS"])


def stale_running_q(now) -> Q:
    """Running, but no heartbeat for a lease: its worker was killed, timed out or lost its database."""
    silent_since = now - lease_duration()
    return Q(status=SyncStatus.RUNNING) & (
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True, created_at__lt=silent_since))


def stale_queued_q(now) -> Q:
    """Queued for longer than the bound and not a follow-up still waiting for its resume time."""
    waited_since = now - queued_run_max_wait()
    return Q(status=SyncStatus.QUEUED, created_at__lt=waited_since) & (
        Q(retry_of__isnull=True) | Q(retry_of__resume_at__isnull=True) | Q(retry_of__resume_at__lt=waited_since))


class SyncRunQuerySet(models.QuerySet):
    def active(self):
        """Queued or running, and not yet stale (see stale_runs, which closes the stale ones)."""
        now = timezone.now()
        return self.filter(status__in=[SyncStatus.QUEUED, SyncStatus.RUNNING]).exclude(
            stale_running_q(now) | stale_queued_q(now))

    def stale(self):
        now = timezone.now()
        return self.filter(stale_running_q(now) | stale_queued_q(now))

    def failed(self):
        return self.filter(status=SyncStatus.FAILED)


class SyncRun(models.Model):
    account = models.ForeignKey(
        "analytics.Account", on_delete=models.CASCADE, null=True, blank=True, related_name="sync_runs"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SyncKind.choices)
    trigger = models.CharField(_("trigger"), max_length=16, choices=SyncTrigger.choices)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("triggered by"),
    )
    status = models.CharField(_("status"), max_length=12, choices=SyncStatus.choices, default=SyncStatus.RUNNING)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, db_index=True)
    params = models.JSONField(_("options"), default=dict, blank=True)
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"), null=True, blank=True,
        help_text=_("Written as the run makes progress; a running run silent for a lease is swept as failed."),
    )
    progress_done = models.PositiveIntegerField(_("items done"), default=0)
    progress_total = models.PositiveIntegerField(_("items in total"), null=True, blank=True)
    posts_seen = models.PositiveIntegerField(_("posts seen"), default=0)
    posts_created = models.PositiveIntegerField(_("posts created"), default=0)
    posts_updated = models.PositiveIntegerField(_("posts updated"), default=0)
    posts_deleted = models.PositiveIntegerField(_("posts deleted"), default=0)
    posts_skipped = models.PositiveIntegerField(
        _("posts skipped"), default=0, help_text=_("Statuses without media, which are not kept.")
    )
    likes_added = models.PositiveIntegerField(_("likes added"), default=0)
    shares_added = models.PositiveIntegerField(_("shares added"), default=0)
    comments_added = models.PositiveIntegerField(_("comments added"), default=0)
    http_requests = models.PositiveIntegerField(_("HTTP requests"), default=0)
    error_message = models.TextField(_("error"), blank=True)
    error_remote_id = models.CharField(_("failed remote id"), max_length=255, blank=True)
    resume_at = models.DateTimeField(
        _("resume at"), null=True, blank=True, help_text=_("Rate limited: the rest is re-queued for this time.")
    )

    objects = SyncRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="syncrun_by_status"),
            models.Index(fields=["account", "-created_at"], name="syncrun_by_account"),
            models.Index(fields=["kind", "-created_at"], name="syncrun_by_kind"),
        ]
        permissions = [("retry_syncrun", "Can retry failed sync runs")]

    def __str__(self) -> str:
        who = self.account.handle if self.account_id and self.account else "all accounts"
        return f"{self.get_kind_display()} · {who} · {self.get_status_display()}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
