"""Which dashboards a scheduled report can be of: one `ReportDashboard` line per page, keyed as `Report.dashboard`.

A report of a page prints what the page's own PDF/CSV download prints (`analytics.services.reports.pages`),
so a new dashboard page becomes reportable with one line in `REPORT_DASHBOARDS`, no migration (the model's
choices are this callable) and no template. `tests/analytics/services/reports/test_report_dashboards.py` checks
every line against its page: the URL name exists and the declared filters are the ones its form offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class PlatformFilter(StrEnum):
    OPTIONAL = "optional"  # `?platform=` narrows the page; empty means every platform
    REQUIRED = "required"  # the page is of one platform, named in its URL (`<str:platform>/`)
    NONE = "none"  # the page shows every platform side by side; a platform makes no sense


@dataclass(frozen=True, slots=True)
class ReportDashboard:
    key: str  # stored in Report.dashboard
    label: str
    page: str  # the page's URL name in the admin namespace (admin_dashboards/urls.py)
    platform: PlatformFilter = PlatformFilter.OPTIONAL
    accounts: bool = True  # whether the page's form narrows it to accounts (`?account=`)


UNIFIED = "unified"  # the report's own layout (content.py, render.py); every other key prints its page

REPORT_DASHBOARDS: tuple[ReportDashboard, ...] = (
    ReportDashboard(UNIFIED, _("Unified dashboard"), "index"),
    ReportDashboard("platform", _("Per platform"), "admin_dashboards_platform", platform=PlatformFilter.REQUIRED),
    ReportDashboard("comparison", _("Platform comparison"), "admin_dashboards_comparison",
                    platform=PlatformFilter.NONE),
    ReportDashboard("hashtags", _("Trending hashtags"), "admin_dashboards_hashtags", accounts=False),
    ReportDashboard("best_time", _("Best time to post"), "admin_dashboards_best_time"),
    ReportDashboard("growth", _("Audience growth"), "admin_dashboards_growth"),
    ReportDashboard("fans", _("Top fans"), "admin_dashboards_fans"),
    ReportDashboard("content", _("Content comparison"), "admin_dashboards_content"),
    ReportDashboard("decay", _("Post decay"), "admin_dashboards_decay"),
)
BY_KEY = {dashboard.key: dashboard for dashboard in REPORT_DASHBOARDS}


def dashboard_choices() -> list[tuple[str, str]]:
    """`Report.dashboard`'s choices: a callable, so a line added above needs no migration."""
    return [(dashboard.key, dashboard.label) for dashboard in REPORT_DASHBOARDS]


def scope_errors(key: str, *, platform: str, has_accounts: bool) -> dict[str, str]:
    """What a report of `key` cannot be narrowed by, per form field; empty when the filters fit the page."""
    dashboard = BY_KEY.get(key)
    if dashboard is None:
        return {"dashboard": _("Unknown dashboard %(name)r.") % {"name": key}}
    errors = {}
    if dashboard.platform == PlatformFilter.REQUIRED and not platform:
        errors["platform"] = _('The "%(page)s" dashboard needs a platform: choose one.') % {"page": dashboard.label}
    if dashboard.platform == PlatformFilter.NONE and platform:
        errors["platform"] = _('The "%(page)s" dashboard shows every platform side by side: leave the '
                               "platform empty.") % {"page": dashboard.label}
    if not dashboard.accounts and has_accounts:
        errors["accounts"] = _('The "%(page)s" dashboard cannot be narrowed to accounts (it would show every '
                               "account's data): leave the accounts empty.") % {"page": dashboard.label}
    return errors
