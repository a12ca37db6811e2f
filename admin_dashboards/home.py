"""The admin index: unfold calls `dashboard_callback` to add the unified dashboard's context."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admin_dashboards.filters import DashboardFilterSet
from admin_dashboards.selection import selection_data
from admin_dashboards.views.base import VIEW_PERMISSION
from admin_dashboards.views.unified import unified_context
from analytics.selectors.freshness import dashboard_freshness


def dashboard_callback(request, context: dict) -> dict:
    """Staff without the view permission get the plain index (the template says why)."""
    if not request.user.has_perm(VIEW_PERMISSION):
        context["dashboard_denied"] = True
        return context
    filterset = DashboardFilterSet(selection_data(request))
    criteria = filterset.criteria()
    context.update(title=_("Unified dashboard"), filterset=filterset, criteria=criteria, compares=True,
                   freshness=dashboard_freshness(platform=criteria.platform, accounts=criteria.accounts),
                   **unified_context(criteria))
    return context
