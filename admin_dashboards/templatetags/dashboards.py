"""Template filters for dashboard numbers: "n/a" for what a platform cannot report, deltas, heat levels."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def metric(value, decimals: int | None = None):
    """A count or rate; None means the platform cannot report it (never shown as 0)."""
    if value is None:
        return format_html('<span class="pf-na" title="{}">n/a</span>', _("Not reported by this platform"))
    if isinstance(value, float) or decimals is not None:
        return number_format(value, decimal_pos=int(decimals or 1), use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals: int = 1):
    if value is None:
        return format_html('<span class="pf-na" title="{}">n/a</span>', _("Not enough data"))
    return f"{number_format(value, decimal_pos=int(decimals), use_l10n=True)} %"


@register.filter
def delta(value):
    """A signed percent change with a colour class; None: nothing to compare with."""
    if value is None:
        return format_html('<span class="pf-delta pf-delta-none">{}</span>', _("nothing to compare with yet"))
    css = "pf-delta-up" if value > 0 else "pf-delta-down" if value < 0 else "pf-delta-flat"
    sign = "+" if value > 0 else ""
    shown = number_format(value, decimal_pos=1)
    return format_html('<span class="pf-delta {}">{}{} %</span>', css, sign, shown)


@register.filter
def heat_level(heatmap, cell) -> int:
    return heatmap.level(cell)
