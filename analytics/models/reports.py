"""Scheduled reports (what to send, to whom, when) and their delivery log, one row per report and slot."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.models.choices import platform_choices
from analytics.report_dashboards import UNIFIED, dashboard_choices, scope_errors


class ReportPeriod(models.TextChoices):
    LAST_7_DAYS = "last_7_days", _("The last 7 days")
    LAST_WEEK = "last_week", _("The last calendar week")
    LAST_MONTH = "last_month", _("The last calendar month")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class Report(models.Model):
    name = models.CharField(_("name"), max_length=120)
    dashboard = models.CharField(_("dashboard"), max_length=32, choices=dashboard_choices, default=UNIFIED,
                                 help_text=_("The page the report prints, as its PDF/CSV download would."))
    accounts = models.ManyToManyField("analytics.Account", blank=True, verbose_name=_("accounts"),
                                      help_text=_("None: every account."))
    platform = models.CharField(_("platform"), max_length=32, choices=platform_choices, blank=True,
                                help_text=_("Empty: every platform (the per-platform dashboard needs one)."))
    period = models.CharField(_("period"), max_length=16, choices=ReportPeriod.choices,
                              default=ReportPeriod.LAST_WEEK)
    comparison = models.BooleanField(_("compare with the period before"), default=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    language = models.CharField(_("language of dates"), max_length=8, default="en")
    staff_recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                              verbose_name=_("staff recipients"))
    extra_recipients = models.TextField(_("other addresses"), blank=True,
                                        help_text=_("One per line, in the allowed domains only."))
    cadence = models.CharField(_("cadence"), max_length=8, choices=Cadence.choices, default=Cadence.WEEKLY)
    weekday = models.PositiveSmallIntegerField(_("weekday (0 = Monday)"), default=0)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), default=1)
    send_time = models.TimeField(_("local time"), default="08:00")
    attach_pdf = models.BooleanField(_("PDF attachment"), default=True)
    attach_csv = models.BooleanField(_("CSV attachment"), default=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["name"]
        permissions = [("manage_reports", "Can manage scheduled reports")]

    def __str__(self) -> str:
        return self.name

    def addresses(self) -> list[str]:
        return [line.strip() for line in self.extra_recipients.splitlines() if line.strip()]

    def recipients(self) -> list[str]:
        staff = [user.email for user in self.staff_recipients.filter(is_staff=True, is_active=True) if user.email]
        return sorted({*staff, *self.addresses()})

    def clean(self) -> None:
        # The accounts (many-to-many) are checked by `validate_accounts`, once they exist.
        errors = scope_errors(self.dashboard, platform=self.platform, has_accounts=False)
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = _("Unknown time zone %(tz)r.") % {"tz": self.time_zone}
        allowed = settings.POSTFLOW_REPORTS["ALLOWED_RECIPIENT_DOMAINS"]
        for address in self.addresses():
            try:
                validate_email(address)
            except ValidationError:
                errors["extra_recipients"] = _("%(a)s is not an e-mail address.") % {"a": address}
                continue
            if address.rsplit("@", 1)[1].lower() not in allowed:
                errors["extra_recipients"] = _("%(a)s is outside the allowed domains.") % {"a": address}
        if not 0 <= self.weekday <= 6:
            errors["weekday"] = _("0 (Monday) to 6 (Sunday).")
        if not 1 <= self.day_of_month <= 28:
            errors["day_of_month"] = _("1 to 28, so every month has it.")
        if errors:
            raise ValidationError(errors)

    def validate_accounts(self, accounts=None) -> None:
        """The chosen accounts fit the dashboard (the admin form passes its choice before saving)."""
        chosen = self.accounts.exists() if accounts is None else bool(accounts)
        errors = scope_errors(self.dashboard, platform=self.platform, has_accounts=chosen)
        if "accounts" in errors:
            raise ValidationError({"accounts": errors["accounts"]})

    def validate_recipients(self) -> None:
        """Called once the many-to-many rows exist (the admin's save_related, the service)."""
        if not self.recipients():
            raise ValidationError(_("A report needs at least one recipient."))


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class ReportDelivery(models.Model):
    """One report's one slot: unique, so two workers or a retried task cannot send it twice."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deliveries")
    slot = models.DateTimeField(_("slot"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.SENDING)
    recipients = models.TextField(_("recipients"), blank=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["report", "slot"], name="reportdelivery_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.report} @ {self.slot:%Y-%m-%d %H:%M}"
