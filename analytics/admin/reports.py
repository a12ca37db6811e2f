"""Scheduled reports: Operators (manage_reports) edit them and "Send now"; Analysts preview and download;
the delivery log is read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from admin_dashboards.downloads.render import zip_bytes
from analytics.admin.base import BaseAdmin, ReadOnlyAdmin
from analytics.models import Report, ReportDelivery
from analytics.report_dashboards import scope_errors
from analytics.services.reports.output import ReportOutput, build_output
from analytics.services.reports.schedule import latest_slot, period_for
from analytics.services.reports.send import send_now

MANAGE_REPORTS = "analytics.manage_reports"


class ReportForm(forms.ModelForm):
    """Refuses accounts for a dashboard that cannot be narrowed to them (the model checks the platform); the admin
    supplies the model and fields."""

    def clean(self):
        data = super().clean()
        errors = scope_errors(data.get("dashboard") or "", platform=data.get("platform") or "",
                              has_accounts=bool(data.get("accounts")))
        if "accounts" in errors:
            self.add_error("accounts", errors["accounts"])
        return data


@admin.register(Report)
class ReportAdmin(BaseAdmin):
    form = ReportForm
    list_display = ["name", "dashboard", "platform", "cadence", "period", "time_zone", "enabled", "preview_links"]
    list_filter = ["dashboard", "cadence", "enabled"]
    filter_horizontal = ["accounts", "staff_recipients"]
    readonly_fields = ["preview_links"]

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(MANAGE_REPORTS)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE_REPORTS)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE_REPORTS)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            form.instance.validate_recipients()
        except ValidationError as exc:
            form.instance.enabled = False
            form.instance.save(update_fields=["enabled"])
            messages.error(request, _("%(e)s The report was switched off.") % {"e": " ".join(exc.messages)})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="analytics_report_preview"),
            path("<int:pk>/preview.pdf", view(self.pdf_view), name="analytics_report_pdf"),
            path("<int:pk>/preview-csv/", view(self.csv_view), name="analytics_report_csv"),
            path("<int:pk>/send-now/", view(self.send_now_view), name="analytics_report_send_now"),
            *super().get_urls(),
        ]

    def _output(self, request, pk: int) -> ReportOutput:
        """The latest slot's report, of whichever dashboard; a report whose filters no longer fit its dashboard
        (accounts on a page that cannot take them) answers 400 with the reason."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=pk)
        try:
            return build_output(report, period_for(report, latest_slot(report, timezone.now())))
        except ValidationError as exc:
            raise BadRequest(" ".join(exc.messages)) from exc

    def preview_view(self, request, pk: int):
        """The e-mail body as recipients would see it; nothing is sent."""
        return HttpResponse(self._output(request, pk).html())

    def pdf_view(self, request, pk: int):
        response = HttpResponse(self._output(request, pk).pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="report-{pk}.pdf"'
        return response

    def csv_view(self, request, pk: int):
        """The CSV attachments: one file as CSV, several as a zip (as the dashboards' downloads)."""
        files = self._output(request, pk).csvs()
        if len(files) == 1:
            name, text = next(iter(files.items()))
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="report-{pk}-{name}"'
            return response
        response = HttpResponse(zip_bytes(files), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="report-{pk}.zip"'
        return response

    def send_now_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(MANAGE_REPORTS):
            raise PermissionDenied
        delivery = send_now(get_object_or_404(Report, pk=pk))
        if delivery.status == "sent":
            messages.success(request, _("Sent to %(to)s.") % {"to": delivery.recipients})
        else:
            messages.error(request, _("Not sent: %(e)s (it will be retried).") % {"e": delivery.error})
        return HttpResponseRedirect(reverse("admin:analytics_reportdelivery_changelist"))

    @admin.display(description=_("Preview"))
    def preview_links(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html('<a href="{}" target="_blank">{}</a> · <a href="{}" target="_blank">PDF</a> · '
                           '<a href="{}">CSV</a>', reverse("admin:analytics_report_preview", args=[obj.pk]),
                           _("E-mail"), reverse("admin:analytics_report_pdf", args=[obj.pk]),
                           reverse("admin:analytics_report_csv", args=[obj.pk]))


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["report", "slot", "status", "attempts", "recipients", "size_bytes", "duration_ms", "error"]
    list_filter = ["status", "report"]
    list_select_related = ["report"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
