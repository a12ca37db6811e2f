"""The Metrics page: every metric's name, definition, formula and unit, from the glossary (no queries)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin

from admin_dashboards.views.base import VIEW_PERMISSION
from analytics.selectors import glossary


class MetricsView(UnfoldSiteViewMixin, TemplateView):
    title = "Metrics"
    permission_required = VIEW_PERMISSION
    template_name = "admin_dashboards/metrics.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(metrics=glossary.METRICS, not_available=glossary.NOT_AVAILABLE,
                       not_fetched=glossary.NOT_FETCHED)
        return context
