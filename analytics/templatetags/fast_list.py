"""Faster pieces of unfold's changelist: `{% fast_result_list cl %}` (rows from fast_rows.py) and
`{% filter_panel cl specs %}` (the vertical filters, cached for lists that opt in)."""

from __future__ import annotations

import hashlib

from django import VERSION as DJANGO_VERSION
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.core.cache import cache
from django.template import Library
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from unfold.templatetags import unfold_list

from analytics.templatetags.fast_rows import fast_results

register = Library()


def fast_result_list(context, cl) -> dict:
    """unfold's `result_list` context, its rows built by `fast_results`."""
    headers = list(unfold_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(unfold_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": list(fast_results(cl)),
        "actions_row": context.get("actions_row"),
        "has_add_permission": cl.model_admin.has_add_permission(context["request"]),
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    arguments = ("fast_result_list",) if DJANGO_VERSION >= (6, 1) else ()
    return InclusionAdminNode(*arguments, parser, token, func=fast_result_list,
                              template_name="fast_change_list_results.html")


@register.simple_tag(takes_context=True)
def filter_panel(context, cl, specs) -> str:
    """unfold's vertical filters, joined; cached for `filter_panel_cache_seconds` when the list sets it.

    Rendering the posts list's nine filters (widgets through form templates) was ~20 % of its request. The
    panel depends only on the list and its query string (no user data, no CSRF token: a GET form), so the
    key is the model, the full path, the language and the zone; a choice that comes from the database (an
    account's name) can be that many seconds old."""
    seconds = getattr(cl.model_admin, "filter_panel_cache_seconds", 0)
    if not seconds:
        return _filters_html(cl, specs)
    path = context["request"].get_full_path()
    identity = f"{cl.opts.label}|{path}|{get_language()}|{timezone.get_current_timezone_name()}"
    key = "filter-panel:" + hashlib.sha256(identity.encode()).hexdigest()
    html = cache.get_or_set(key, lambda: str(_filters_html(cl, specs)), timeout=seconds)
    return mark_safe(html)  # noqa: S308 (unfold's rendered filter templates)


def _filters_html(cl, specs) -> str:
    return mark_safe("".join(unfold_list.unfold_admin_list_filter(cl, spec) for spec in specs))  # noqa: S308
