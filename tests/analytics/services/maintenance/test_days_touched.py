"""The hourly roll-up's "which days changed" step: every source of change is found, each through an index."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from analytics.models import Post
from analytics.services.maintenance.rollups import changed_days_query, days_touched_since
from tests import factories

pytestmark = pytest.mark.django_db


def _post_on(account, day, *, seen):
    when = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))
    post = factories.PostFactory(account=account, posted_at=when, first_seen_at=seen)
    factories.SummaryFactory(post=post, updated_at=seen)
    return post


@pytest.fixture
def week():
    today = timezone.localdate()
    return [today - timedelta(days=n) for n in range(1, 6)]


@pytest.mark.smoke
def test_a_refreshed_summary_a_new_post_and_a_deletion_each_mark_their_day(week):
    account = factories.AccountFactory()
    long_ago = timezone.now() - timedelta(days=10)
    refreshed, _untouched, deleted = (_post_on(account, day, seen=long_ago) for day in week[:3])
    since = timezone.now() - timedelta(minutes=5)
    refreshed.summary.updated_at = timezone.now()
    refreshed.summary.save()
    Post.all_objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    _post_on(account, week[3], seen=timezone.now())

    assert days_touched_since(since) == {week[0], week[2], week[3]}


@pytest.mark.smoke
def test_nothing_changed_means_no_day(week):
    account = factories.AccountFactory()
    _post_on(account, week[0], seen=timezone.now() - timedelta(days=3))

    assert days_touched_since(timezone.now() - timedelta(hours=1)) == set()


@pytest.mark.postgres_only
@pytest.mark.parametrize("index", ["summary_by_updated_at", "post_by_first_seen_at", "post_by_deleted_at"])
def test_each_source_of_change_can_be_read_through_its_own_index(week, index):
    account = factories.AccountFactory()
    for day in week:
        _post_on(account, day, seen=timezone.now() - timedelta(days=3))
    query = changed_days_query(timezone.now() - timedelta(hours=1))
    with connection.cursor() as cursor:
        # Tiny tables: ask whether each index *can* serve its condition (bitmap scans only), not whether the
        # planner would pick it for five rows. Before the split, one OR across the join had no index to use.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
                       "SET LOCAL enable_indexonlyscan = off")
        plan = query.explain()
    assert any(index in line for line in plan.splitlines() if "Index" in line), plan


@pytest.mark.postgres_only
def test_changes_scattered_over_many_days_are_redone_in_full_size_chunks():
    from django.test.utils import CaptureQueriesContext

    from analytics.models import AccountDailyStats
    from analytics.services.maintenance.rollups import rebuild_account_daily_stats

    account = factories.AccountFactory()
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=500)
    posts = [_post_on(account, today - timedelta(days=n), seen=long_ago) for n in range(1, 400, 2)]
    rebuild_account_daily_stats()
    expected = set(AccountDailyStats.objects.values_list("day", "likes"))
    since = timezone.now()
    for post in posts:
        post.summary.updated_at = timezone.now()
        post.summary.save()

    with CaptureQueriesContext(connection) as queries:
        rebuild_account_daily_stats(changed_since=since)

    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT INTO analytics_accountdailystats")]
    assert len(inserts) <= 3  # 200 scattered days over 399: three 183-day chunks, not one statement per day
    assert set(AccountDailyStats.objects.values_list("day", "likes")) == expected
