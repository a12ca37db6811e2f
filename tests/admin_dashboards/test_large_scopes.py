"""Pages stay small at 500 accounts: day links built once per series, the growth chart capped, tables paged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import RequestFactory

from admin_dashboards import lead_charts, lead_tables, links
from admin_dashboards.filters import Criteria
from admin_dashboards.views.base import TABLE_ROWS_PER_PAGE, paginated
from analytics.selectors.growth import AccountGrowth, AudienceGrowth
from analytics.selectors.periods import Period


@pytest.mark.parametrize("clicked", [{}, {"account": 7}, {"platform": "mastodon", "hashtag": "0001-01-01"}])
def test_day_links_built_at_once_equal_one_link_per_day(clicked):
    criteria = Criteria(period=Period(date(2026, 1, 1), date(2026, 3, 31)), accounts=(3, 4))
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(90)]
    assert links.posts_day_urls(criteria, days, **clicked) == [links.posts_url(criteria, day=day, **clicked)
                                                               for day in days]


def _growth(accounts: int) -> AudienceGrowth:
    days = [date(2026, 11, 1), date(2026, 11, 2)]
    return AudienceGrowth(days=days, accounts=[
        AccountGrowth(account_id=n, handle=f"a{n}@x.example", platform="mastodon", known_since=days[0],
                      series=[n * 10, n * 10 + 1]) for n in range(1, accounts + 1)])


def test_the_growth_chart_shows_the_largest_audiences_only():
    charted = lead_charts.charted_accounts(_growth(30))
    assert len(charted) == lead_charts.GROWTH_CHART_ACCOUNTS
    assert [account.account_id for account in charted] == list(range(30, 30 - lead_charts.GROWTH_CHART_ACCOUNTS, -1))


@pytest.mark.django_db
def test_a_long_table_is_paged_and_keeps_every_row_for_downloads():
    rows = _growth(TABLE_ROWS_PER_PAGE + 7).accounts
    table = paginated(RequestFactory().get("/", {"page": "2"}), lead_tables.GrowthTable(rows))
    assert len(list(table.paginated_rows)) == 7
    assert len(table.rows) == TABLE_ROWS_PER_PAGE + 7
    out_of_range = paginated(RequestFactory().get("/", {"page": "99"}), lead_tables.GrowthTable(rows))
    assert out_of_range.page.number == 2  # the last page, not an error
