"""Top posts, one post's overview, who engaged (estimates flagged) and comment threads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.selectors.engagement import comment_threads, flatten_threads, post_engagement_events
from analytics.selectors.posts import post_overview, ranked_top_posts, top_posts
from analytics.services.maintenance.rollups import rebuild_account_daily_stats
from tests import factories
from tests.analytics.selectors.conftest import at, make_post

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_top_posts_rank_the_periods_live_posts(week, mastodon, instagram):
    best = make_post(instagram, at(week.end), likes=50, views=900)
    make_post(mastodon, at(week.start), likes=10)
    deleted = make_post(mastodon, at(week.start), likes=99)
    deleted.deleted_at = timezone.now()
    deleted.save()
    make_post(mastodon, at(week.start - timedelta(days=1)), likes=500)  # before the period

    posts = top_posts(week)

    assert [post.likes for post in posts] == [50, 10]
    assert posts[0].pk == best.pk and posts[0].views == 900
    assert posts[1].views is None  # Mastodon does not report views
    assert [p.likes for p in top_posts(week, platform="mastodon")] == [10]


def test_top_posts_can_order_by_another_metric(week, mastodon):
    make_post(mastodon, at(week.start), likes=1, comments=9)
    make_post(mastodon, at(week.start), likes=5)

    assert [p.comments for p in top_posts(week, order_by="comments")] == [9, 0]


def test_a_post_overview_flags_metrics_the_platform_cannot_report(mastodon, instagram, today):
    insta = make_post(instagram, at(today), likes=1)
    masto = make_post(mastodon, at(today), likes=1)

    assert post_overview(insta.pk).freshness[-1].available
    assert not post_overview(masto.pk).freshness[-1].available


def test_events_mark_estimated_times_and_are_newest_first(mastodon, today):
    post = factories.PostFactory(account=mastodon)
    now = timezone.now()
    factories.LikeFactory(post=post, occurred_at=now - timedelta(hours=3), time_is_estimate=True)
    factories.ShareFactory(post=post, occurred_at=now - timedelta(hours=1), time_is_estimate=False)
    factories.CommentFactory(post=post, created_at=now - timedelta(hours=2))

    events = post_engagement_events(post, limit=10)

    assert [(e.kind, e.time_is_estimate) for e in events] == [("share", False), ("comment", False),
                                                               ("like", True)]
    assert len(post_engagement_events(post, limit=2)) == 2


def test_comment_threads_nest_replies_under_their_parent(mastodon):
    post = factories.PostFactory(account=mastodon)
    now = timezone.now()
    root = factories.CommentFactory(post=post, created_at=now - timedelta(hours=3), content_text="root")
    reply = factories.CommentFactory(post=post, parent=root, created_at=now - timedelta(hours=2),
                                     content_text="reply")
    factories.CommentFactory(post=post, parent=reply, created_at=now - timedelta(hours=1), content_text="deep")
    factories.CommentFactory(post=post, created_at=now, content_text="other")

    roots = comment_threads(post)

    assert [node.text for node in roots] == ["root", "other"]
    assert [(n.text, n.depth) for n in flatten_threads(roots)] == [("root", 0), ("reply", 1), ("deep", 2),
                                                                   ("other", 0)]


def test_post_detail_selectors_use_a_fixed_number_of_queries(mastodon, django_assert_num_queries):
    post = factories.PostFactory(account=mastodon)
    for _ in range(5):
        factories.LikeFactory(post=post)
        factories.CommentFactory(post=post)
    with django_assert_num_queries(4):
        post_engagement_events(post)
        comment_threads(post)


@pytest.mark.smoke
def test_dashboard_top_posts_rank_the_roll_up_candidates_with_live_values(week, mastodon, instagram):
    mastodon_posts = [make_post(mastodon, at(week.start), likes=n) for n in range(1, 13)]
    best = make_post(instagram, at(week.end), likes=50)
    make_post(mastodon, at(week.start - timedelta(days=1)), likes=500)  # before the period
    rebuild_account_daily_stats()
    mastodon_posts[0].summary.likes = mastodon_posts[0].summary.total_engagement = 70  # moved after the roll-up
    mastodon_posts[0].summary.save()

    with CaptureQueriesContext(connection) as queries:
        posts = ranked_top_posts(week, limit=3)

    assert len(queries) == 1
    assert [post.likes for post in posts] == [50, 12, 11]  # the moved post was not a candidate at the roll-up
    assert posts[0].pk == best.pk
    assert [p.likes for p in ranked_top_posts(week, platform="mastodon", limit=10)] == list(range(12, 2, -1))
    assert [p.pk for p in ranked_top_posts(week, limit=10)] == [p.pk for p in top_posts(week, limit=11)
                                                               if p.pk != mastodon_posts[0].pk][:10]


def test_dashboard_top_posts_of_one_account_read_its_posts_directly(week, mastodon, instagram):
    make_post(mastodon, at(week.start), likes=3)  # no roll-up has run

    assert [p.likes for p in ranked_top_posts(week, accounts=[mastodon.pk])] == [3]
    assert ranked_top_posts(week) == []
    assert ranked_top_posts(week, accounts=()) == []  # the dashboards' "no account filter"
