"""Shared plumbing for admin actions: report an enqueue result, turn a rate limit into an error message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from analytics.services.runs.enqueue import EnqueueResult, RateLimitExceeded


def sync_runs_link(kind: str) -> str:
    url = reverse("admin:analytics_syncrun_changelist") + (f"?kind__exact={kind}" if kind else "")
    return format_html('<a href="{}" class="underline">{}</a>', url, _("View sync runs"))


def refreshes_queued(result: EnqueueResult) -> str:
    """'N refreshes queued': N counts posts when posts were chosen, else accounts."""
    items = sum(len(run.params.get("post_ids", [])) or 1 for run in result.runs)
    return ngettext("%(n)d refresh queued", "%(n)d refreshes queued", items) % {"n": items}


def syncs_queued(result: EnqueueResult) -> str:
    return ngettext("%(n)d post sync queued", "%(n)d post syncs queued", result.queued_count) % {
        "n": result.queued_count}


def retries_queued(result: EnqueueResult) -> str:
    return ngettext("%(n)d retry queued", "%(n)d retries queued", result.queued_count) % {
        "n": result.queued_count}


def report(request, result: EnqueueResult, *, summary: Callable[[EnqueueResult], str], kind: str) -> None:
    """One message: what was queued (with a link to the runs) and why anything was refused."""
    parts = [summary(result) + "."] if result.runs else []
    parts.extend(result.refused)
    text = " ".join(parts) or _("Nothing to queue.")
    if result.runs:
        messages.add_message(request, result.level, format_html("{} {}", text, sync_runs_link(kind)))
    else:
        messages.add_message(request, result.level, text)


def run_enqueue(request, enqueue: Callable[[], EnqueueResult], *, summary, kind: str) -> None:
    """Call one enqueue helper; a per-user rate limit becomes an error message, not a crash."""
    try:
        result = enqueue()
    except RateLimitExceeded as exc:
        messages.error(request, str(exc))
        return
    report(request, result, summary=summary, kind=kind)


def back_to(request, url: str) -> HttpResponse:
    """After a dialog action posted through htmx, make the browser load `url`; plain POSTs redirect."""
    if request.headers.get("HX-Request"):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
