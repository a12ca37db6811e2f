"""Admin for sync runs and exports, and django-q2's models re-registered with unfold's look."""

from __future__ import annotations

from django.contrib import admin
from django_q import admin as q_admin
from django_q.models import Failure, OrmQ, Schedule, Success
from unfold.admin import ModelAdmin

from analytics.admin.base import SyncedDataAdmin
from analytics.models import ExportJob, SyncRun


@admin.register(SyncRun)
class SyncRunAdmin(SyncedDataAdmin):
    list_display = ["__str__", "kind", "trigger", "status", "created_at", "finished_at", "http_requests"]
    list_filter = ["status", "kind", "trigger"]
    list_select_related = ["account"]
    raw_id_fields = ["account", "retry_of", "triggered_by"]


@admin.register(ExportJob)
class ExportJobAdmin(SyncedDataAdmin):
    list_display = ["dataset", "file_format", "status", "row_count", "created_at"]
    list_filter = ["status", "dataset"]


for model in (Schedule, Success, Failure, OrmQ):
    admin.site.unregister(model)


@admin.register(Schedule)
class ScheduleAdmin(q_admin.ScheduleAdmin, ModelAdmin):
    pass


@admin.register(Success)
class SuccessAdmin(q_admin.TaskAdmin, ModelAdmin):
    pass


@admin.register(Failure)
class FailureAdmin(q_admin.FailAdmin, ModelAdmin):
    pass


@admin.register(OrmQ)
class QueueAdmin(q_admin.QueueAdmin, ModelAdmin):
    pass
