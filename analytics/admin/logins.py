"""django-axes' login attempt lists in unfold's look: superusers unlock a locked-out user by deleting the row
(docs/operations.md "Login throttling")."""

from __future__ import annotations

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from unfold.admin import ModelAdmin

UNFOLD_VERSIONS = {
    AccessAttempt: type("AccessAttemptAdmin", (axes_admin.AccessAttemptAdmin, ModelAdmin), {}),
    AccessLog: type("AccessLogAdmin", (axes_admin.AccessLogAdmin, ModelAdmin), {}),
    AccessFailureLog: type("AccessFailureLogAdmin", (axes_admin.AccessFailureLogAdmin, ModelAdmin), {}),
}

for model, model_admin in UNFOLD_VERSIONS.items():
    if admin.site.is_registered(model):  # only when AXES_ENABLE_ADMIN is on (the default)
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
