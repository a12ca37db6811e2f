"""Template filters for dashboard numbers: "n/a" for what a platform cannot report, deltas, heat levels."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from analytics.selectors import glossary
from analytics.selectors.periods import NEW

register = template.Library()


@register.filter
def metric(value, decimals: int | None = None):
    """A count or rate; None means the platform cannot report it (never shown as 0)."""
    if value is None:
        return format_html('<span class="pf-na" title="{}">n/a</span>', _("Not reported by this platform"))
    if isinstance(value, float) or decimals is not None:
        places = int(decimals or 1)  # round first: number_format cuts extra decimals off (0.49 -> 0.4)
        return number_format(round(value, places), decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals: int = 1):
    if value is None:
        return format_html('<span class="pf-na" title="{}">n/a</span>', _("Not enough data"))
    places = int(decimals)
    return f"{number_format(round(value, places), decimal_pos=places, use_l10n=True, force_grouping=True)} %"


@register.filter
def delta(value):
    """A signed percent change with a colour class; None: nothing to compare with."""
    if value is None:
        return format_html('<span class="pf-delta pf-delta-none">{}</span>', _("nothing to compare with yet"))
    if value == NEW:
        return format_html('<span class="pf-delta pf-delta-up" title="{}">{}</span>',
                           _("The period compared with had almost nothing: a percentage would mislead."), _("new"))
    css = "pf-delta-up" if value > 0 else "pf-delta-down" if value < 0 else "pf-delta-flat"
    sign = "+" if value > 0 else ""
    shown = number_format(round(value, 1), decimal_pos=1, use_l10n=True, force_grouping=True)
    return format_html('<span class="pf-delta {}">{}{} %</span>', css, sign, shown)


@register.filter
def heat_level(heatmap, cell) -> int:
    return heatmap.level(cell)


@register.filter
def metric_help(key) -> str:
    """The glossary's one-line definition of a card or column name ("" for columns that are not metrics)."""
    entry = glossary.metric(str(key))
    return entry.help_text if entry else ""
