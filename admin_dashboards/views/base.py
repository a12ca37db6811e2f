"""The shared dashboard page: unfold's site view mixin, the view permission and the filter form."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin

from admin_dashboards.filters import Criteria, DashboardFilterSet
from admin_dashboards.selection import selection_data

VIEW_PERMISSION = "analytics.view_post"


class DashboardView(UnfoldSiteViewMixin, TemplateView):
    """A staff page inside the admin; subclasses turn the parsed criteria into template context."""

    permission_required = VIEW_PERMISSION
    filterset_class = DashboardFilterSet
    compares = False  # True: the page shows deltas, so the filter offers "Compare to"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(selection_data(self.request))
        criteria = filterset.criteria()
        context.update(filterset=filterset, criteria=criteria, compares=self.compares,
                       **self.dashboard_context(criteria))
        return context

    def dashboard_context(self, criteria: Criteria) -> dict[str, Any]:
        raise NotImplementedError
