"""Template filters for dashboard numbers, deltas and heat levels.

The two placeholders mean what the metrics glossary says: "—" (`metric` and `percent` of None) is not
fetched yet or nothing to divide by; "n/a" (`not_available`) is a metric the platform does not report,
shown only where the caller knows the platform's capabilities.
"""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from analytics.selectors import glossary
from analytics.selectors.periods import NEW

register = template.Library()


def not_fetched():
    return format_html('<span class="pf-missing" title="{}">—</span>', glossary.NOT_FETCHED)


@register.simple_tag
def not_available():
    """ "n/a": the platform does not report this metric (never shown as 0)."""
    return format_html('<span class="pf-na" title="{}">n/a</span>', glossary.NOT_AVAILABLE)


@register.filter
def metric(value, decimals: int | None = None):
    """A count or rate with thousands separators, rounded (not cut off); None shows "—" (not fetched yet)."""
    if value is None:
        return not_fetched()
    if isinstance(value, float) or decimals is not None:
        places = int(decimals or 1)  # round first: number_format cuts extra decimals off (0.49 -> 0.4)
        return number_format(round(value, places), decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals: int = 1):
    if value is None:
        return not_fetched()
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
