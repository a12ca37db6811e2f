"""Background exports: decide when an export is too big for a request, queue it, and run it to a file."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone
from django_q.tasks import async_task

from analytics.exports.columns import DATASETS
from analytics.exports.streaming import stream_dataset
from analytics.models import ExportJob, ExportStatus
from analytics.selectors.preferences import user_time_zone, zone

logger = logging.getLogger(__name__)
RUN_TASK = "analytics.exports.tasks.run_export_job"
EXPORT_PERMISSION = "analytics.export_data"


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def needs_background_export(queryset) -> bool:
    """True above EXPORT_ASYNC_THRESHOLD_ROWS; counts at most threshold + 1 rows, never the whole table."""
    threshold = settings.POSTFLOW["EXPORT_ASYNC_THRESHOLD_ROWS"]
    return queryset.order_by()[: threshold + 1].count() > threshold


def start_export_job(*, user, dataset: str, file_format: str, query: str) -> ExportJob:
    """Record the export and queue it after commit (a worker must never miss the row)."""
    job = ExportJob.objects.create(requested_by=user, dataset=dataset, file_format=file_format, query=query)
    transaction.on_commit(lambda: async_task(RUN_TASK, job.pk, task_name=f"export {dataset} #{job.pk}",
                                             group="export"))
    return job


def filtered_queryset(job: ExportJob):
    """Replay the changelist filters and search the user had applied, through the same ModelAdmin."""
    from django.contrib import admin

    model = DATASETS[job.dataset].model
    request = RequestFactory().get("/", QueryDict(job.query))
    request.user = job.requested_by
    return admin.site._registry[model].get_export_queryset(request)


def run_export(job: ExportJob) -> ExportJob:
    """Stream the job's rows to MEDIA_ROOT/exports; the file is only ever served by the admin view."""
    if not job.requested_by.has_perm(EXPORT_PERMISSION):
        return _finish(job, ExportStatus.FAILED, error="The requester may no longer export data.")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{job.dataset}-{job.pk}-{secrets.token_hex(8)}.{job.file_format}"
    try:
        dataset = DATASETS[job.dataset]
        with timezone.override(zone(user_time_zone(job.requested_by))):  # dates as the requester sees them
            rows = stream_dataset(filtered_queryset(job), dataset, job.file_format, directory / name)
    except Exception as exc:
        logger.exception("export failed", extra={"export_job_id": job.pk})
        (directory / name).unlink(missing_ok=True)
        _finish(job, ExportStatus.FAILED, error=str(exc)[:2000])
        raise
    job.file.name = f"exports/{name}"
    return _finish(job, ExportStatus.READY, rows=rows)


def _finish(job: ExportJob, status: str, *, rows: int | None = None, error: str = "") -> ExportJob:
    job.status, job.row_count, job.error_message = status, rows, error
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "row_count", "error_message", "file", "finished_at"])
    return job
