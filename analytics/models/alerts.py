"""Alert rules (what to watch, where to tell) and the alert log that makes each alert fire once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.secrets import EncryptedTokenField


class AlertKind(models.TextChoices):
    TAKING_OFF = "taking_off", _("Post taking off")
    FOLLOWERS_DROP = "followers_drop", _("Followers drop")
    NEEDS_REAUTH = "needs_reauth", _("Account needs re-authentication")
    SYNC_FAILING = "sync_failing", _("Sync runs failing")
    HASHTAG_TRENDING = "hashtag_trending", _("Hashtag newly trending")
    TOKEN_EXPIRING = "token_expiring", _("Access token expiring")


class AlertRule(models.Model):
    """One kind of alert with its thresholds and channels; the data migration creates one per kind."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=AlertKind.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    window_hours = models.PositiveIntegerField(
        _("N / H hours"), default=6,
        help_text=_("Taking off: the post's first N hours. Sync failing: failing for more than H hours."))
    multiplier = models.FloatField(
        _("k x median"), default=3.0, help_text=_("Taking off: engagement above k times the account's median."))
    min_engagement = models.PositiveIntegerField(
        _("minimum engagement"), default=10, help_text=_("Taking off: ignore posts below this, whatever the median."))
    drop_percent = models.FloatField(_("X %"), default=5.0, help_text=_("Followers drop: day-over-day loss in %."))
    email_recipients = models.TextField(_("e-mail recipients"), blank=True, help_text=_("One address per line."))
    webhook_url = models.URLField(_("webhook URL"), max_length=500, blank=True)
    webhook_secret = EncryptedTokenField(_("webhook secret"), editable=True)
    quiet_minutes = models.PositiveIntegerField(
        _("quiet period (minutes)"), default=60,
        help_text=_("After a delivered alert, this rule's next alerts are logged but not sent for this long."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["kind", "name"]
        permissions = [("manage_alerts", "Can manage alert rules")]

    def __str__(self) -> str:
        return self.name

    def recipients(self) -> list[str]:
        return [line.strip() for line in self.email_recipients.splitlines() if line.strip()]


class AlertStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    SUPPRESSED = "suppressed", _("Quiet period")
    FAILED = "failed", _("Failed")


class Alert(models.Model):
    """One fired alert; unique (rule, subject_key) so a subject alerts once per rule, whatever the race."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    subject_key = models.CharField(_("subject"), max_length=200)
    fired_at = models.DateTimeField(_("fired at"))
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(_("delivery"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.PENDING)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-fired_at"]
        constraints = [models.UniqueConstraint(fields=["rule", "subject_key"], name="alert_once_per_subject")]
        indexes = [models.Index(fields=["rule", "-fired_at"], name="alert_by_rule_time")]

    def __str__(self) -> str:
        return f"{self.rule} - {self.subject_key}"
