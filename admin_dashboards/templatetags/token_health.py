"""The sync-health panel's token part: accounts to reconnect before their token dies, drawn by an inclusion tag."""

from __future__ import annotations

from django import template

from analytics.selectors.tokens import accounts_with_token_warnings

register = template.Library()


@register.inclusion_tag("admin_dashboards/partials/token_warnings_panel.html")
def token_warnings():
    return {"warnings": accounts_with_token_warnings()}
