"""`manage.py bench --scale 0.001`: seeds a consistent dataset and prints a row for every measured path."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from analytics.management.commands.bench import Command
from analytics.models import AccountDailyStats, Comment, EngagementSummary, Like, Post, PostHashtag, Report, Share
from benchmarks.measure import explain_slowest
from benchmarks.scenarios import PERIODS, list_variants, period_query

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

PAGES = ["unified", "platform mastodon", "platform pixelfed", "platform instagram", "comparison", "best time",
         "hashtags"]


@pytest.fixture(scope="module")
def printed(django_db_blocker, django_db_setup):
    out = StringIO()
    with django_db_blocker.unblock():
        call_command("bench", scale=0.001, repeat=2, load_seconds=2, reports=4, no_docs=True, stdout=out)
        counts_reports = Report.objects.count()
        totals = EngagementSummary.objects.aggregate(likes=Sum("likes"), shares=Sum("shares"),
                                                     comments=Sum("comments"))
        counts = {"likes": Like.objects.count(), "shares": Share.objects.count(), "comments": Comment.objects.count(),
                  "posts": Post.all_objects.count(), "tags": PostHashtag.objects.count(),
                  "daily": AccountDailyStats.objects.count(),
                  "daily_likes": AccountDailyStats.objects.aggregate(likes=Sum("likes"))["likes"]}
        counts["reports left"] = counts_reports
        counts["plan"] = explain_slowest(reverse("admin:index") + "?" + period_query(365))
    return out.getvalue(), totals, counts


def test_bench_prints_every_page_at_every_period(printed):
    text = printed[0]
    for page in PAGES:
        for days in PERIODS:
            assert f"| {page}, {days} d |" in text
    assert "| post detail |" in text


def test_bench_prints_every_list_variant_beside_the_stock_admin(printed):
    for name in list_variants():
        line = next(line for line in printed[0].splitlines() if line.startswith(f"| posts list | {name} |"))
        assert "stock count + OR search" in line


def test_bench_prints_exports_ingestion_rollups_load_and_load_average(printed):
    text = printed[0]
    for expected in ("| posts CSV, 1,000 rows |", "| posts XLSX, 1,000 rows |", "bulk store_engagers",
                     "per-row get_or_create", "| full rebuild", "| 20 users, unified |", "requests/s, 0 errors",
                     "load average at end"):
        assert expected in text


def test_bench_prints_each_dashboards_report_pdf_and_csv_beside_its_page_and_the_sends(printed):
    text, _, counts = printed
    for name in ("unified", "platform mastodon", "comparison", "hashtags", "best time"):
        for kind in ("PDF", "CSV zip"):
            line = next(line for line in text.splitlines() if line.startswith(f"| reports | {kind}, {name}, 30 d |"))
            assert "the page's HTML: p95" in line
    sends = next(line for line in text.splitlines() if line.startswith("| reports | 4 reports due in one minute"))
    assert "reports/minute on one worker, 4 sent, 0 not" in sends and "4 x one report's PDF" in sends
    assert counts["reports left"] == 0


def test_the_reports_can_be_skipped():
    options = Command().create_parser("manage.py", "bench").parse_args(["--skip", "reports", "load"])
    assert options.skip == ["reports", "load"]


def test_seeded_summaries_agree_with_the_seeded_events(printed):
    _, totals, counts = printed
    assert counts["posts"] == 1000 and counts["tags"] == 2000
    assert (totals["likes"], totals["shares"], totals["comments"]) == (
        counts["likes"], counts["shares"], counts["comments"])
    assert counts["daily"] > 0
    assert counts["daily_likes"] == totals["likes"]  # the roll-ups, incremental runs included, add up


def test_bench_times_the_incremental_hour_beside_the_query_it_replaced(printed):
    lines = printed[0].splitlines()
    for case in ("recent posts, a third moved", "scattered over every day"):
        step = next(line for line in lines if f"| which days changed, 1 % of posts ({case}) |" in line)
        assert "one OR across the join: p95" in step
        found = re.search(r"([\d,]+) posts, (\d+) days", step).groups()
        changed, days = (int(group.replace(",", "")) for group in found)
        # each attempt finds only its own marks' days: the attempt before it was rolled up "an hour ago"
        assert 0 < days <= changed
        assert any(f"| incremental hour, 1 % of posts ({case}) |" in line and "days rebuilt" in line
                   for line in lines)


def test_the_slowest_statement_of_a_page_can_be_explained(printed):
    assert "Execution Time" in printed[2]["plan"]


@pytest.mark.parametrize("days", PERIODS)
def test_each_period_the_bench_asks_for_is_the_one_the_page_shows(days):
    from django.http import QueryDict

    from admin_dashboards.filters import DashboardFilterSet

    period = DashboardFilterSet(QueryDict(period_query(days))).criteria().period
    assert (period.end - period.start).days + 1 == days
