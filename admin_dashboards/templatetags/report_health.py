"""The sync-health panel's report part: failed report deliveries, drawn by an inclusion tag."""

from __future__ import annotations

from django import template

from analytics.selectors.reports import failing_report_deliveries

register = template.Library()


@register.inclusion_tag("admin_dashboards/partials/report_failures_panel.html")
def report_failures():
    return {"deliveries": failing_report_deliveries()}
