"""Admin for sync runs (a live view with retry) and django-q2's models re-registered with unfold's look."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q import admin as q_admin
from django_q.conf import Conf
from django_q.models import Failure, OrmQ, Schedule, Success
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import AutocompleteSelectFilter, ChoicesDropdownFilter
from unfold.decorators import action, display

from analytics.admin import display as show
from analytics.admin.actions import back_to, retries_queued, run_enqueue
from analytics.admin.base import ReadOnlyAdmin
from analytics.models import SyncRun
from analytics.services.runs.enqueue import enqueue_retry

AUTO_REFRESH_SECONDS = 5
STATUS_LABELS = {"queued": "info", "running": "primary", "ok": "success", "partial": "warning",
                 "failed": "danger", "skipped": ""}


def _duration_text(delta) -> str:
    seconds = int(delta.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = ["run", "account", "kind", "trigger", "status_badge", "progress", "duration_display",
                    "created_at", "triggered_by", "error_excerpt"]
    list_display_links = ["run"]
    list_filter = [("status", ChoicesDropdownFilter), ("kind", ChoicesDropdownFilter),
                   ("trigger", ChoicesDropdownFilter), ("account", AutocompleteSelectFilter)]
    list_select_related = ["account", "triggered_by"]
    search_fields = ["error_message", "error_remote_id", "task_id"]
    raw_id_fields = ["account", "retry_of", "triggered_by"]
    # The status badge is for the list: on the page, the status field shows its label ("OK").
    readonly_fields = ["progress", "duration_display"]
    actions = ["retry_runs"]
    actions_detail = ["retry_detail"]

    def changelist_view(self, request, extra_context=None):
        # The page reloads itself while anything is queued or running (see the change_list template).
        busy = SyncRun.objects.active().exists()
        refresh = AUTO_REFRESH_SECONDS if busy else None
        extra_context = {**(extra_context or {}), "auto_refresh_seconds": refresh}
        return super().changelist_view(request, extra_context)

    def has_retry_syncrun_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("analytics.retry_syncrun")

    @display(description=_("Run"), ordering="-created_at")
    def run(self, obj):
        return f"#{obj.pk}"

    @display(description=_("Status"), label=STATUS_LABELS, ordering="status")
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("Progress"))
    def progress(self, obj):
        if not obj.progress_total:
            return f"{obj.progress_done:,}" if obj.progress_done else show.NOT_FETCHED
        value = min(100, round(100 * obj.progress_done / obj.progress_total))
        return render_to_string("unfold/components/progress.html", {
            "value": value, "description": f"{obj.progress_done:,} / {obj.progress_total:,}"})

    @display(description=_("Duration"))
    def duration_display(self, obj):
        if not obj.started_at:
            return show.NOT_FETCHED
        return _duration_text((obj.finished_at or timezone.now()) - obj.started_at)

    @display(description=_("Error"))
    def error_excerpt(self, obj):
        return show.excerpt(obj.error_message, 80)

    @admin.action(description=_("Retry"), permissions=["retry_syncrun"])
    def retry_runs(self, request, queryset):
        run_enqueue(request, lambda: enqueue_retry(queryset.select_related("account"), user=request.user),
                    summary=retries_queued, kind="")

    @action(description=_("Retry"), icon="replay", url_path="retry", permissions=["retry_syncrun"],
            dialog={"title": _("Retry this run"), "form_submit_text": _("Queue retry"),
                    "description": _("Queue a new run with the same options.")})
    def retry_detail(self, request, form, object_id: str):
        run = get_object_or_404(SyncRun.objects.select_related("account"), pk=object_id)
        run_enqueue(request, lambda: enqueue_retry([run], user=request.user),
                    summary=retries_queued, kind=run.kind)
        return back_to(request, reverse("admin:analytics_syncrun_change", args=[run.pk]))


for model in (Schedule, Success, Failure, OrmQ):
    # django-q2 registers its queue admin only with the ORM broker (not with Redis).
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Schedule)
class ScheduleAdmin(q_admin.ScheduleAdmin, ModelAdmin):
    """django-q2's list with labelled columns ("Last run", not its raw "last_run")."""

    list_display = ["id", "name", "func", "schedule_type", "repeats", "cluster", "next_run", "last_run",
                    "get_success"]

    @display(description=_("Last run"))
    def last_run(self, obj):
        return q_admin.ScheduleAdmin.get_last_run(self, obj) or show.NOT_FETCHED


@display(description=_("Time taken"))
def _time_taken(self, obj):
    """Seconds rounded for people: "2.8 s", "3 min 12 s" (django-q2 printed 2.757717)."""
    seconds = obj.time_taken()
    if seconds < 60:
        return f"{seconds:,.1f} s"
    return _duration_text(timezone.timedelta(seconds=seconds))


class RetryGatedTasksMixin:
    """django-q2's "resubmit" action carries no permission; here it needs `retry_syncrun` (Operators)."""

    actions = ["resubmit_tasks"]

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("analytics.retry_syncrun")

    @admin.action(description=_("Resubmit selected tasks to queue"), permissions=["retry"])
    def resubmit_tasks(self, request, queryset):
        return q_admin.resubmit_task(self, request, queryset)


class TaskTimesMixin:
    """Task pages: "Time taken" rounded (list and page), instead of the raw float field."""

    list_display = ["name", "group", "func", "cluster", "started", "stopped", "time_taken"]
    time_taken = _time_taken

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "time_taken"]


@admin.register(Success)
class SuccessAdmin(TaskTimesMixin, RetryGatedTasksMixin, q_admin.TaskAdmin, ModelAdmin):
    pass


@admin.register(Failure)
class FailureAdmin(TaskTimesMixin, RetryGatedTasksMixin, q_admin.FailAdmin, ModelAdmin):
    list_display = [*TaskTimesMixin.list_display, "short_result"]


class QueueAdmin(q_admin.QueueAdmin, ModelAdmin):
    pass


if Conf.ORM:  # the queue table holds tasks only with the ORM broker
    admin.site.register(OrmQ, QueueAdmin)
