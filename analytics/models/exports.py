"""A large export run in the background: streamed to a file that the user downloads when ready."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    dataset = models.CharField(_("dataset"), max_length=32, help_text=_("posts, likes, comments, shares, accounts"))
    file_format = models.CharField(_("format"), max_length=8)
    query = models.TextField(_("filters"), blank=True, help_text=_("The changelist query string at request time."))
    status = models.CharField(_("status"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error_message = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dataset}.{self.file_format} ({self.get_status_display()})"
