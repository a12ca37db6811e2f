"""Alert rules (Operators with manage_alerts edit them) and the read-only alert log."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from analytics.admin.base import BaseAdmin, ReadOnlyAdmin
from analytics.models import Alert, AlertRule
from analytics.services.alerts.channels import validate_webhook_url

MANAGE_ALERTS = "analytics.manage_alerts"


class AlertRuleForm(forms.ModelForm):
    webhook_secret = forms.CharField(
        label=_("webhook secret"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted; leave empty to keep the current one."))

    class Meta:
        model = AlertRule
        fields = ["name", "kind", "enabled", "window_hours", "multiplier", "min_engagement", "drop_percent",
                  "email_recipients", "webhook_url", "quiet_minutes"]

    def clean_webhook_url(self):
        url = self.cleaned_data["webhook_url"]
        return validate_webhook_url(url) if url else url

    def clean_email_recipients(self):
        text = self.cleaned_data["email_recipients"]
        for line in text.splitlines():
            if line.strip():
                forms.EmailField().clean(line.strip())
        return text

    def clean_webhook_secret(self):
        # An empty box keeps the stored secret (a password box never shows it back).
        return self.cleaned_data.get("webhook_secret") or self.instance.webhook_secret


@admin.register(AlertRule)
class AlertRuleAdmin(BaseAdmin):
    form = AlertRuleForm
    list_display = ["name", "kind", "enabled", "window_hours", "multiplier", "drop_percent", "quiet_minutes"]
    list_filter = ["kind", "enabled"]

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(MANAGE_ALERTS)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE_ALERTS)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MANAGE_ALERTS)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["fired_at", "rule", "subject_key", "status", "error"]
    list_filter = ["status", "rule"]
    list_select_related = ["rule"]
    readonly_fields = ["rule", "subject_key", "fired_at", "payload", "status", "error"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
