"""Shared admin bases: synced data is read-only, lists never count whole tables, exports need a permission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from unfold.admin import ModelAdmin
from unfold.contrib.import_export.forms import SelectableFieldsExportForm

from analytics.admin.pagination import EstimatedCountPaginator
from analytics.exports.columns import dataset_for_model
from analytics.exports.resources import EXPORT_RESOURCES
from analytics.exports.service import EXPORT_PERMISSION, needs_background_export, start_export_job


class ExportForm(SelectableFieldsExportForm):
    """unfold's selectable-fields export form, labelled with the human column names."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


class BaseAdmin(ModelAdmin):
    """Every analytics admin: capped counts, and a 403 (not a silent no-op) for a forbidden action."""

    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over the whole table on every page
    paginator = EstimatedCountPaginator
    list_filter_submit = True
    # unfold's list templates read `list_sections` twice a row; missing, each read made the template engine
    # call dir() on the whole ModelAdmin (100 a page of posts, ~3 ms).
    list_sections = ()

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and self._forbidden_action_requested(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def _forbidden_action_requested(self, request) -> bool:
        declared = {a if isinstance(a, str) else a.__name__ for a in self.actions or ()}
        chosen = {value for key, values in request.POST.lists() if key.endswith("action") for value in values}
        return bool(chosen & declared - set(self.get_actions(request)))


class ReadOnlyAdmin(BaseAdmin):
    """Rows the application writes (runs, export jobs): nobody adds or edits them by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SyncedDataAdmin(ReadOnlyAdmin):
    """Rows that come from the platforms: staff browse and export them, only the sync engine writes them.

    Not even a superuser may delete one: the next sync would bring a deleted post back without its history.
    They go with their account (AccountAdmin.get_deleted_objects) or by the platform's own deletion.
    """

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def synced_model_names(admin_site) -> set[str]:
    """verbose_name of every model whose admin is a SyncedDataAdmin (they are deleted with their account)."""
    return {str(model._meta.verbose_name) for model, model_admin in admin_site._registry.items()
            if isinstance(model_admin, SyncedDataAdmin)}


class ExportPolicy:
    """Mix in before import-export's mixins: CSV/XLSX of the filtered list, `export_data` required,
    and a background job above EXPORT_ASYNC_THRESHOLD_ROWS."""

    formats = [CSV, XLSX]
    export_form_class = ExportForm

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(EXPORT_PERMISSION)

    def get_export_queryset(self, request):
        # The list answers a filter it does not know with "?e=1"; an export has no page to show that on,
        # so it is a 400 naming the problem instead of a 500 (issue 10 #8).
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as exc:
            raise BadRequest(_("This export's filters are not valid for this list.")) from exc

    def get_export_resource_classes(self, request):
        return [EXPORT_RESOURCES[dataset_for_model(self.model).name]]

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not needs_background_export(queryset):
            return super()._do_file_export(file_format, request, queryset, export_form=export_form)
        job = start_export_job(user=request.user, dataset=dataset_for_model(self.model).name,
                               file_format=file_format.get_extension(), query=request.GET.urlencode())
        text = _("This export is large, so it runs in the background with every column. "
                 "Download it from Exports when it is ready (export #%(id)d).")
        messages.info(request, text % {"id": job.pk})
        return HttpResponseRedirect(reverse("admin:analytics_exportjob_changelist"))


class ExportableAdmin(ExportPolicy, ExportMixin, SyncedDataAdmin):
    """Read-only synced data with export."""
