"""django-q2 task for background exports: thin, takes an id, calls the export service."""

from __future__ import annotations

from analytics.exports.service import run_export
from analytics.models import ExportJob, ExportStatus


def run_export_job(export_job_id: int) -> int | None:
    """Run one queued export; a job already finished (a re-delivered task) is left alone."""
    job = ExportJob.objects.select_related("requested_by").get(pk=export_job_id)
    if job.status in (ExportStatus.READY, ExportStatus.FAILED):
        return job.row_count
    return run_export(job).row_count
