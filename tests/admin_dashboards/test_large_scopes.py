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


def test_a_pdf_of_many_tables_prints_the_first_and_says_the_csv_has_all(monkeypatch):
    from django.utils import timezone

    from admin_dashboards.downloads import render
    from admin_dashboards.downloads.document import Document

    printed = {}
    monkeypatch.setattr(render, "write_pdf", lambda html: printed.setdefault("html", html) and b"%PDF")
    monkeypatch.setattr(render, "render_document_html", lambda document: document)
    tables = [object() for _ in range(render.PDF_MAX_TABLES + 5)]
    document = Document(title="Top fans", period="Nov", filters=[], time_zone="UTC", generated_at=timezone.now(),
                        data_fresh_at=None, tables=tables)
    render.render_document_pdf(document)
    shown = printed["html"]
    assert shown.tables == tables[:render.PDF_MAX_TABLES]
    assert shown.filters[-1][1] == (f"the first {render.PDF_MAX_TABLES} of {len(tables)}; "
                                    "the CSV download holds them all")
    assert document.tables == tables  # the CSV download (csv_files) reads the document untouched
