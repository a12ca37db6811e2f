"""The Exports list: background exports and a permission-checked download (files are never public)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from analytics.admin.base import ReadOnlyAdmin
from analytics.exports.service import EXPORT_PERMISSION, export_dir
from analytics.models import ExportJob, ExportStatus

STATUS_LABELS = {"queued": "info", "running": "primary", "ready": "success", "failed": "danger"}


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["job", "dataset", "file_format", "status_badge", "row_count", "requested_by",
                    "created_at", "finished_at", "download"]
    list_filter = ["status", "dataset"]
    list_select_related = ["requested_by"]
    exclude = ["file"]  # the storage URL would be a public media link; downloads go through the view below
    readonly_fields = ["download"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(requested_by=request.user)

    def get_urls(self):
        download = path("<int:pk>/download/", self.admin_site.admin_view(self.download_view),
                        name="analytics_exportjob_download")
        return [download, *super().get_urls()]

    def download_view(self, request, pk: int):
        if not (request.user.has_perm(EXPORT_PERMISSION) and self.has_view_permission(request)):
            raise PermissionDenied
        job = get_object_or_404(self.get_queryset(request), pk=pk, status=ExportStatus.READY)
        file_path = Path(job.file.path).resolve()
        if not file_path.is_relative_to(export_dir().resolve()) or not file_path.exists():
            raise Http404
        return FileResponse(file_path.open("rb"), as_attachment=True, filename=file_path.name)

    @display(description=_("Export"), ordering="-created_at")
    def job(self, obj):
        return f"#{obj.pk}"

    @display(description=_("Status"), label=STATUS_LABELS, ordering="status")
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("File"))
    def download(self, obj):
        if obj.status != ExportStatus.READY or not obj.file:
            return obj.error_message[:120] if obj.status == ExportStatus.FAILED else "—"
        url = reverse("admin:analytics_exportjob_download", args=[obj.pk])
        return format_html('<a href="{}" class="text-primary-600">{}</a>', url, _("Download"))
