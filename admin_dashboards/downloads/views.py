"""Download a dashboard page as PDF or CSV: run the page's own view with the same query string, then print it.

`?dashboard=<page path>&<the page's filters>`: the path must resolve to one of the dashboard pages, whose
view checks its own permission; downloading also needs `export_data` (Analysts and Operators have it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve

from admin_dashboards.downloads.document import document_from_context
from admin_dashboards.downloads.render import csv_files, file_stem, render_document_pdf, zip_bytes
from analytics.exports.service import EXPORT_PERMISSION

PAGES = frozenset({
    "index", "admin_dashboards_platform", "admin_dashboards_comparison", "admin_dashboards_post_detail",
    "admin_dashboards_hashtags", "admin_dashboards_best_time", "admin_dashboards_metrics",
    "admin_dashboards_growth", "admin_dashboards_fans", "admin_dashboards_content", "admin_dashboards_decay",
})


def page_context(request, path: str) -> dict:
    """The unrendered context of the dashboard page at `path`, run with `request` (whose GET holds the filters);
    also how a scheduled report prints its page (`admin_dashboards.downloads.pages`)."""
    try:
        match = resolve(path)
    except Resolver404 as missing:
        raise Http404("No such dashboard.") from missing
    if match.url_name not in PAGES or "admin" not in match.namespaces:
        raise Http404("Only dashboard pages download.")
    response = match.func(request, *match.args, **match.kwargs)
    if not isinstance(response, TemplateResponse) or response.status_code != 200:
        raise Http404("This dashboard could not be shown.")
    if response.context_data.get("dashboard_denied"):
        raise PermissionDenied
    return response.context_data


def download_view(request, fmt: str):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    document = document_from_context(page_context(request, request.GET.get("dashboard", "")))
    stem = file_stem(document)
    if fmt == "pdf":
        response = HttpResponse(render_document_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    files = csv_files(document)
    if len(files) == 1:
        name, text = next(iter(files.items()))
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}-{name}"'
        return response
    response = HttpResponse(zip_bytes(files), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    return response
