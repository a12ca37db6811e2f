"""Admin for instances and connected accounts; the access token is write-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from analytics.models import Account, Instance


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

    def save(self, commit: bool = True):
        account = super().save(commit=False)
        if self.cleaned_data.get("new_access_token"):
            account.access_token = self.cleaned_data["new_access_token"]
        if commit:
            account.save()
        return account


@admin.register(Instance)
class InstanceAdmin(ModelAdmin):
    list_display = ["base_url", "platform", "software_version", "version_checked_at"]
    list_filter = ["platform"]
    search_fields = ["base_url"]


@admin.register(Account)
class AccountAdmin(ModelAdmin):
    form = AccountForm
    list_display = ["handle", "platform", "instance", "status", "is_active", "followers_count", "last_synced_at"]
    list_filter = ["platform", "status", "is_active"]
    search_fields = ["handle", "display_name", "remote_id"]
    list_select_related = ["instance"]
    readonly_fields = ["status", "status_detail", "last_synced_at", "last_refreshed_at", "followers_count",
                       "token_expires_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["platform", "instance", "remote_id", "handle", "display_name", "team", "owner",
                           "is_active"]}),
        (_("Access token"), {"fields": ["new_access_token", "token_expires_at"]}),
        (_("Health"), {"fields": ["status", "status_detail", "last_synced_at", "last_refreshed_at",
                                  "followers_count", "created_at"]}),
    ]
