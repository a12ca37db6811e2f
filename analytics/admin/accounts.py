"""Admin for instances and connected accounts: health at a glance, sync/refresh actions, write-only token."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.contrib.import_export.forms import ImportForm
from unfold.decorators import action, display

from analytics.admin import display as show
from analytics.admin.actions import back_to, refreshes_queued, run_enqueue, syncs_queued
from analytics.admin.base import BaseAdmin, ExportPolicy, synced_model_names
from analytics.exports.resources import AccountImportResource
from analytics.models import Account, AccountStatus, Instance, Post, SyncKind, SyncRun
from analytics.selectors.tokens import token_warning
from analytics.services.runs.enqueue import enqueue_refresh, enqueue_sync_posts

TOKEN_PERMISSION = "analytics.manage_tokens"  # noqa: S105 (a permission name)
POSTS_COUNT_CAP = 10_000
IMMUTABLE_ACCOUNT_FIELDS = ("instance", "platform", "remote_id")
STATUS_LABELS = {AccountStatus.ACTIVE: "success", AccountStatus.NEEDS_REAUTH: "warning",
                 AccountStatus.FAILING: "danger"}
RUN_LABELS = {"ok": "success", "partial": "warning", "failed": "danger", "running": "info", "queued": "info",
              "skipped": ""}


class AccountForm(forms.ModelForm):
    """The token can be replaced but never read back: the input is always rendered empty."""

    new_access_token = forms.CharField(
        label=_("Replace access token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the current token. The stored token is never shown."),
    )

    class Meta:
        model = Account
        fields = ["instance", "platform", "remote_id", "handle", "display_name", "team", "owner", "is_active"]

    def clean(self):
        cleaned = super().clean()
        has_token = bool(cleaned.get("new_access_token")) or bool(self.instance.access_token)
        if cleaned.get("is_active") and not has_token and "new_access_token" in self.fields:
            self.add_error("is_active", _("Set an access token before switching the account on."))
        return cleaned

    def save(self, commit: bool = True):
        account = super().save(commit=False)
        if self.cleaned_data.get("new_access_token"):
            account.access_token = self.cleaned_data["new_access_token"]
            if account.status == AccountStatus.NEEDS_REAUTH:
                account.status, account.status_detail = AccountStatus.ACTIVE, ""
        if commit:
            account.save()
        return account


class NoTokenAccountForm(AccountForm):
    """For users without `manage_tokens`: the token field does not exist at all."""

    new_access_token = None


def _capped_live_posts_sql() -> RawSQL:
    """Live posts per account, counting at most POSTS_COUNT_CAP + 1 rows (index: account, -posted_at)."""
    post, account = Post._meta.db_table, Account._meta.db_table
    # Table names come from model metadata, never from input; the cap is a bound parameter.
    return RawSQL(  # noqa: S611
        f'SELECT COUNT(*) FROM (SELECT 1 FROM "{post}" p WHERE p."account_id" = "{account}"."id" '  # noqa: S608
        f'AND p."deleted_at" IS NULL LIMIT %s) AS capped',
        [POSTS_COUNT_CAP + 1],
    )


def _last_run(field: str) -> Subquery:
    runs = SyncRun.objects.filter(account=OuterRef("pk")).order_by("-created_at")
    return Subquery(runs.values(field)[:1])


@admin.register(Instance)
class InstanceAdmin(BaseAdmin):
    list_display = ["base_url", "platform", "software_version", "version_checked_at"]
    list_filter = [("platform", ChoicesDropdownFilter)]
    search_fields = ["base_url"]

    def get_readonly_fields(self, request, obj=None):
        # Tokens are issued by the host at base_url: changing it would send them to another host.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "base_url", "platform"] if obj is not None else fields


@admin.register(Account)
class AccountAdmin(ExportPolicy, ImportExportMixin, BaseAdmin):
    form = AccountForm
    import_form_class = ImportForm
    resource_classes = [AccountImportResource]
    list_display = ["account", "platform_badge", "instance", "status_badge", "token_badge", "is_active",
                    "last_synced_at", "last_run_badge", "posts_count", "followers_count"]
    list_filter = [("platform", ChoicesDropdownFilter), ("status", ChoicesDropdownFilter), "is_active",
                   "team"]
    search_fields = ["handle", "display_name", "remote_id"]
    list_select_related = ["instance"]
    actions = ["sync_posts_now", "refresh_accounts"]
    actions_detail = ["sync_detail", "refresh_detail"]
    readonly_fields = ["status", "status_detail", "last_synced_at", "last_refreshed_at", "followers_count",
                       "token_expires_at", "token_refreshed_at", "token_refresh_error", "token_warning_text",
                       "created_at"]
    fieldsets = [
        (None, {"fields": ["platform", "instance", "remote_id", "handle", "display_name", "team", "owner",
                           "is_active"]}),
        (_("Access token"), {"fields": ["new_access_token", "token_warning_text", "token_expires_at",
                                        "token_refreshed_at", "token_refresh_error"]}),
        (_("Health"), {"fields": ["status", "status_detail", "last_synced_at", "last_refreshed_at",
                                  "followers_count", "created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            posts_total=_capped_live_posts_sql(), last_run_status=_last_run("status"),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not self.has_manage_tokens_permission(request):
            kwargs["form"] = NoTokenAccountForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # An account never moves to another instance: that is a reconnect with a new token (docs/admin.md).
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, *IMMUTABLE_ACCOUNT_FIELDS] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        if self.has_manage_tokens_permission(request):
            return self.fieldsets
        return [(name, {"fields": [f for f in opts["fields"] if f != "new_access_token"]})
                for name, opts in self.fieldsets]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and request.POST.get("new_access_token") \
                and not self.has_manage_tokens_permission(request):
            raise PermissionDenied
        if request.method == "GET" and object_id:
            account = Account.objects.filter(pk=object_id).first()
            warning = token_warning(account) if account is not None else ""
            if warning:
                messages.warning(request, warning)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        # Deleting an account (delete_account permission) takes its synced data with it, though nobody may
        # delete those rows one by one (SyncedDataAdmin): only other missing permissions block it.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        synced = synced_model_names(self.admin_site)
        return deleted, counts, {name for name in perms_needed if str(name) not in synced}, protected

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("analytics.add_account")

    def has_manage_tokens_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(TOKEN_PERMISSION)

    def has_sync_posts_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("analytics.sync_posts")

    def has_refresh_engagement_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("analytics.refresh_engagement")

    @display(description=_("Account"), header=True, ordering="handle")
    def account(self, obj):
        return [obj.handle, obj.display_name]

    @display(description=_("Platform"), label=show.PLATFORM_LABELS, ordering="platform")
    def platform_badge(self, obj):
        return obj.platform, obj.get_platform_display()

    @display(description=_("Status"), label=STATUS_LABELS, ordering="status")
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("Token"), label={"expiring": "warning", "expired": "danger"})
    def token_badge(self, obj):
        warning = token_warning(obj)
        if not warning:
            return None
        expired = obj.token_expires_at is not None and obj.token_expires_at <= timezone.now()
        return ("expired", _("Expired")) if expired else ("expiring", _("Reconnect soon"))

    @display(description=_("Token warning"))
    def token_warning_text(self, obj):
        return token_warning(obj) or "-"

    @display(description=_("Last run"), label=RUN_LABELS)
    def last_run_badge(self, obj):
        return obj.last_run_status or None

    @display(description=_("Posts"), ordering="posts_total")
    def posts_count(self, obj):
        return f"{POSTS_COUNT_CAP:,}+" if obj.posts_total > POSTS_COUNT_CAP else f"{obj.posts_total:,}"

    @admin.action(description=_("Sync posts now"), permissions=["sync_posts"])
    def sync_posts_now(self, request, queryset):
        run_enqueue(request, lambda: enqueue_sync_posts(queryset, user=request.user),
                    summary=syncs_queued, kind=SyncKind.SYNC_POSTS)

    @admin.action(description=_("Refresh engagement"), permissions=["refresh_engagement"])
    def refresh_accounts(self, request, queryset):
        run_enqueue(request, lambda: enqueue_refresh(accounts=queryset, user=request.user),
                    summary=refreshes_queued, kind=SyncKind.REFRESH_ENGAGEMENT)

    @action(description=_("Sync posts now"), icon="sync", url_path="sync", permissions=["sync_posts"],
            dialog={"title": _("Sync posts now"), "form_submit_text": _("Queue sync"),
                    "description": _("Fetch this account's new and changed media posts from its platform.")})
    def sync_detail(self, request, form, object_id: str):
        account = get_object_or_404(Account, pk=object_id)
        run_enqueue(request, lambda: enqueue_sync_posts([account], user=request.user),
                    summary=syncs_queued, kind=SyncKind.SYNC_POSTS)
        return back_to(request, reverse("admin:analytics_account_change", args=[account.pk]))

    @action(description=_("Refresh engagement"), icon="refresh", url_path="refresh",
            permissions=["refresh_engagement"],
            dialog={"title": _("Refresh engagement"), "form_submit_text": _("Queue refresh"),
                    "description": _("Re-read likes, shares and comments of this account's recent posts.")})
    def refresh_detail(self, request, form, object_id: str):
        account = get_object_or_404(Account, pk=object_id)
        run_enqueue(request, lambda: enqueue_refresh(accounts=[account], user=request.user),
                    summary=refreshes_queued, kind=SyncKind.REFRESH_ENGAGEMENT)
        return back_to(request, reverse("admin:analytics_account_change", args=[account.pk]))
