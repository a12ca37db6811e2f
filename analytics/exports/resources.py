"""django-import-export resources: exports built from `columns.DATASETS`, and the accounts import."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from analytics.exports.cells import CellKind, format_cell
from analytics.exports.columns import DATASETS, Dataset
from analytics.models import Account, AccountStatus, Instance
from analytics.models.accounts import pending_remote_id
from platforms.errors import InvalidInstanceURL
from platforms.registry import platform_names
from platforms.urls import normalise_instance_url


class CellWidget(widgets.Widget):
    """Renders through `format_cell`, exactly like the streaming exporter: safe text, ISO 8601 times."""

    def __init__(self, kind: CellKind) -> None:
        super().__init__(coerce_to_string=True)
        self.kind = kind

    def render(self, value, obj=None, **kwargs):
        return format_cell(value, self.kind, native=bool(kwargs.get("force_native_type")))


class DatasetResource(resources.ModelResource):
    """Export-only resource; subclasses come from `resource_for(dataset)`."""

    dataset: Dataset

    def filter_export(self, queryset, **kwargs):
        paths = [column.path for column in self.dataset.columns]
        relations = {path.rpartition("__")[0] for path in paths if "__" in path}
        return queryset.select_related(*sorted(relations))

    @classmethod
    def get_display_name(cls) -> str:
        return cls.dataset.name.capitalize()


def resource_for(dataset: Dataset) -> type[DatasetResource]:
    attrs = {
        column.name: fields.Field(
            attribute=column.path, column_name=column.header, widget=CellWidget(column.kind), readonly=True
        )
        for column in dataset.columns
    }
    names = [column.name for column in dataset.columns]
    attrs["Meta"] = type("Meta", (), {"model": dataset.model, "fields": names, "export_order": names})
    attrs["dataset"] = dataset
    return type(f"{dataset.name.capitalize()}Resource", (DatasetResource,), attrs)


EXPORT_RESOURCES: dict[str, type[DatasetResource]] = {name: resource_for(ds) for name, ds in DATASETS.items()}


class InstanceByURLWidget(widgets.ForeignKeyWidget):
    """An instance URL column: normalised like the platform clients do, created when new."""

    def __init__(self) -> None:
        super().__init__(Instance, field="base_url")

    def clean(self, value, row=None, **kwargs):
        try:
            allow_insecure = settings.PLATFORM_ALLOW_INSECURE_URLS
            base_url = normalise_instance_url(value or "", allow_insecure=allow_insecure)
        except InvalidInstanceURL as exc:
            raise ValueError(str(exc)) from exc
        platform = (row or {}).get("platform", "")
        instance, _created = Instance.objects.get_or_create(
            base_url=base_url, defaults={"platform": platform}
        )
        return instance


class AccountImportResource(resources.ModelResource):
    """Onboarding CSV: platform, instance, handle. Tokens are never importable; new accounts stay off."""

    platform = fields.Field(attribute="platform", column_name="platform")
    instance = fields.Field(attribute="instance", column_name="instance", widget=InstanceByURLWidget())
    handle = fields.Field(attribute="handle", column_name="handle")

    class Meta:
        model = Account
        fields = ["platform", "instance", "handle"]
        import_id_fields = ["instance", "handle"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    @classmethod
    def get_display_name(cls) -> str:
        return _("Accounts (platform, instance, handle)")

    def before_import_row(self, row, **kwargs):
        row["platform"] = (row.get("platform") or "").strip().lower()
        row["handle"] = (row.get("handle") or "").strip().lstrip("@")
        if row["platform"] not in platform_names():
            raise ValueError(_("Unknown platform %(p)r; use one of %(known)s.")
                             % {"p": row["platform"], "known": ", ".join(platform_names())})
        if not row["handle"]:
            raise ValueError(_("The handle is empty."))

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            # Until the first sync resolves the real id, the handle stands in (unique per instance).
            instance.remote_id = pending_remote_id(row["handle"])
            instance.is_active = False
            instance.status = AccountStatus.NEEDS_REAUTH
            instance.status_detail = _("Imported: set an access token, then switch the account on.")
