"""Chart payloads of the growth, content and decay pages (Chart.js JSON for unfold's chart components)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from admin_dashboards.chart_style import bar_colours, line_series, payload
from analytics.selectors.content import ContentGroup
from analytics.selectors.decay import DecayOverview
from analytics.selectors.growth import AccountGrowth, AudienceGrowth

# More lines than this are unreadable (and 500 accounts x 365 days made a 23 MB page): the chart shows the
# largest audiences, the table every account; choosing accounts charts those.
GROWTH_CHART_ACCOUNTS = 10


def charted_accounts(growth: AudienceGrowth) -> list[AccountGrowth]:
    """The accounts with a known history, the largest last-known audiences first, at most the chart's limit."""
    known = [account for account in growth.accounts if account.first is not None]
    return sorted(known, key=lambda account: -(account.last or 0))[:GROWTH_CHART_ACCOUNTS]


def growth_chart(accounts: list[AccountGrowth], days: list, links: dict[int, list[str]]) -> str:
    """Followers per account per day; unknown days are gaps (spanned by the line, never drawn as 0)."""
    labels = [date_format(day, "MONTH_DAY_FORMAT") for day in days]
    datasets = [
        {"label": account.handle, "type": "line", "data": account.series, "spanGaps": True,
         "links": links.get(account.account_id, []), "displayYAxis": index == 0, "maxTicksXLimit": 10,
         **line_series(index)}
        for index, account in enumerate(accounts)
    ]
    return payload(labels, datasets)


def content_chart(groups: list[ContentGroup], links: dict[str, str]) -> str:
    """Engagement per post by group, with the sample size in the label."""
    labels = [f"{group.label} ({group.posts})" for group in groups]
    return payload(labels, [
        {"label": _("Engagement per post (posts in the group)"), "data": [g.engagement_per_post for g in groups],
         "backgroundColor": bar_colours(len(groups)), "displayYAxis": True},
    ], links=[links.get(group.key, "") for group in groups], value_labels=True)


def decay_chart(overview: DecayOverview, links: dict[str, str]) -> str:
    """Average cumulative share of engagement by hours since posting, one line per platform."""
    labels = [f"{hours} h" for hours in overview.hours]
    datasets = [
        {"label": f"{curve.label} ({curve.posts} posts)", "type": "line",
         "data": [None if share is None else round(share * 100, 1) for share in curve.shares],
         "links": [links.get(curve.platform, "")] * len(overview.hours), "displayYAxis": index == 0,
         "suffixYAxis": "%", **line_series(index)}
        for index, curve in enumerate(overview.curves)
    ]
    return payload(labels, datasets)

