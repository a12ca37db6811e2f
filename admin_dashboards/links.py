"""Drill-down links: the posts list or a dashboard, filtered like the page the click came from.

Every link keeps the page's selection (period, accounts, platform) and adds what was clicked, so a click on a
platform, account, hashtag, media type, day or heatmap cell lands on the posts behind it.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from admin_dashboards.filters import Criteria

SELECTION_KEYS = ("period", "start", "end", "compare", "platform", "account")


def selection_query(criteria: Criteria, *, platform: str | None = "", accounts: tuple[int, ...] | None = None,
                    **extra) -> str:
    """The dashboards' own query string for `criteria` (`platform`/`accounts` override the selection)."""
    period = criteria.period
    pairs: list[tuple[str, object]] = [("period", "range"), ("start", period.start.isoformat()),
                                       ("end", period.end.isoformat())]
    if criteria.compare:
        pairs.append(("compare", criteria.compare))
    chosen_platform = criteria.platform if platform == "" else platform
    if chosen_platform:
        pairs.append(("platform", chosen_platform))
    pairs += [("account", pk) for pk in (criteria.accounts if accounts is None else accounts)]
    pairs += [(key, value) for key, value in extra.items() if value not in (None, "")]
    return urlencode(pairs)


def dashboard_url(name: str, criteria: Criteria, *args, **overrides) -> str:
    return f"{reverse(f'admin:admin_dashboards_{name}', args=args)}?{selection_query(criteria, **overrides)}"


def posts_url(criteria: Criteria, *, day: date | None = None, platform: str | None = None,
              account: int | None = None, media_type: str | None = None, hashtag: str | None = None,
              weekday: int | None = None, hour: int | None = None) -> str:
    """The admin's posts list filtered to the selection plus what was clicked (a day narrows the period)."""
    start, end = (day, day) if day else (criteria.period.start, criteria.period.end)
    pairs: list[tuple[str, object]] = [("posted_at_from", start.isoformat()), ("posted_at_to", end.isoformat())]
    chosen_platform = platform or criteria.platform
    if chosen_platform:
        pairs.append(("platform__exact", chosen_platform))
    accounts = (account,) if account else criteria.accounts
    if len(accounts) == 1:
        pairs.append(("account__id__exact", accounts[0]))
    elif accounts:
        pairs.append(("account__id__in", ",".join(str(pk) for pk in accounts)))
    if media_type:
        pairs.append(("media_type__exact", media_type))
    if weekday:
        pairs.append(("weekday", weekday))
    if hour is not None:
        pairs.append(("hour", hour))
    if hashtag:
        pairs.append(("q", f"#{hashtag}"))
    return f"{reverse('admin:analytics_post_changelist')}?{urlencode(pairs)}"


_TEMPLATE_DAY = "0001-01-01"


def posts_day_urls(criteria: Criteria, days: list[date], **clicked) -> list[str]:
    """`posts_url(criteria, day=day, **clicked)` for each day, with one reverse() and urlencode() for all: a
    chart of a year per account made 182,500 of each per request at 500 accounts."""
    template = posts_url(criteria, day=date.fromisoformat(_TEMPLATE_DAY), **clicked)
    dates = f"posted_at_from={_TEMPLATE_DAY}&posted_at_to={_TEMPLATE_DAY}"
    return [template.replace(dates, f"posted_at_from={day.isoformat()}&posted_at_to={day.isoformat()}", 1)
            for day in days]
