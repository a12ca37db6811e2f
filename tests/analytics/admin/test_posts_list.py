"""The posts changelist: filters and search return the right rows; captions are escaped; n/a where unknown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.models import Post
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("admin:analytics_post_changelist")


def _listed(client, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return {post.pk for post in response.context["cl"].result_list}


@pytest.fixture
def mixed_posts():
    insta = factories.AccountFactory(instance=factories.InstanceFactory(platform="instagram"))
    now = timezone.now()
    return {
        "mastodon_old": factories.SummaryFactory(post__posted_at=now - timedelta(days=40), comments=0,
                                                 total_engagement=5).post,
        "mastodon_new": factories.SummaryFactory(post__posted_at=now - timedelta(hours=2), comments=4,
                                                 total_engagement=90).post,
        "instagram": factories.SummaryFactory(post__account=insta, post__media_type="video", views=321,
                                              total_engagement=40).post,
        "deleted": factories.PostFactory(deleted_at=now, caption_text="gone #retired"),
    }


@pytest.mark.smoke
def test_platform_filter(admin_client, mixed_posts):
    assert _listed(admin_client, platform__exact="instagram") == {mixed_posts["instagram"].pk}


def test_date_range_includes_the_whole_last_day(admin_client, mixed_posts):
    today = timezone.localdate().isoformat()
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    listed = _listed(admin_client, posted_at_from=week_ago, posted_at_to=today)
    assert mixed_posts["mastodon_new"].pk in listed
    assert mixed_posts["mastodon_old"].pk not in listed


def test_engagement_range_filter(admin_client, mixed_posts):
    listed = _listed(admin_client, summary__total_engagement_from=30, summary__total_engagement_to=100)
    assert listed == {mixed_posts["mastodon_new"].pk, mixed_posts["instagram"].pk}


def test_has_comments_reads_the_summary(admin_client, mixed_posts):
    assert _listed(admin_client, has_comments="yes") == {mixed_posts["mastodon_new"].pk,
                                                         mixed_posts["instagram"].pk}


def test_media_type_and_deleted_filters(admin_client, mixed_posts):
    assert _listed(admin_client, media_type__exact="video") == {mixed_posts["instagram"].pk}
    assert _listed(admin_client, deleted="yes") == {mixed_posts["deleted"].pk}
    assert mixed_posts["deleted"].pk not in _listed(admin_client, deleted="no")


def test_account_filter(admin_client, mixed_posts):
    account = mixed_posts["instagram"].account_id
    assert _listed(admin_client, account__id__exact=account) == {mixed_posts["instagram"].pk}


def test_search_by_caption_remote_id_and_hashtag(admin_client, mixed_posts):
    post = mixed_posts["mastodon_new"]
    factories.HashtagFactory(name="harbour").posts.add(post)
    assert _listed(admin_client, q="#harbour") == {post.pk}
    assert _listed(admin_client, q=post.remote_id) == {post.pk}
    assert _listed(admin_client, q="retired") == {mixed_posts["deleted"].pk}


@pytest.mark.smoke
def test_soft_deleted_posts_are_listed(admin_client, mixed_posts):
    assert mixed_posts["deleted"].pk in _listed(admin_client)
    assert Post.objects.filter(pk=mixed_posts["deleted"].pk).count() == 0


def test_sort_by_a_count(admin_client, mixed_posts):
    from analytics.admin.posts import PostAdmin

    column = ["action_checkbox", *PostAdmin.list_display].index("total")
    response = admin_client.get(URL, {"o": f"-{column}"})
    listed = [post for post in response.context["cl"].result_list if post.pk != mixed_posts["deleted"].pk]
    assert [post.pk for post in listed] == [mixed_posts["mastodon_new"].pk, mixed_posts["instagram"].pk,
                                            mixed_posts["mastodon_old"].pk]


@pytest.mark.smoke
def test_caption_html_is_escaped_never_rendered(admin_client):
    factories.PostFactory(caption_text='<img src=x onerror="alert(1)"> hello')
    content = admin_client.get(URL).content.decode()
    assert '<img src=x onerror' not in content
    assert "&lt;img src=x onerror=" in content


def test_thumbnail_is_lazy_and_sends_no_referrer(admin_client):
    factories.PostFactory(preview_url="https://files.example/thumb.jpg")
    content = admin_client.get(URL).content.decode()
    assert 'src="https://files.example/thumb.jpg"' in content
    assert 'loading="lazy" referrerpolicy="no-referrer"' in content


def test_views_are_na_on_mastodon_and_counted_on_instagram(admin_client, mixed_posts):
    response = admin_client.get(URL, {"platform__exact": "mastodon"})
    assert "n/a" in response.content.decode()
    response = admin_client.get(URL, {"platform__exact": "instagram"})
    assert "321" in response.content.decode()


def test_no_full_table_count(admin_client, mixed_posts, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        admin_client.get(URL)
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "analytics_post" in q["sql"]]
    assert counts and all("LIMIT" in sql for sql in counts)


def test_change_page_shows_paginated_comment_threads(admin_client):
    post = factories.PostFactory()
    root = factories.CommentFactory(post=post, content_text="first!")
    factories.CommentFactory(post=post, actor=root.actor, parent=root, content_text="a reply")
    factories.CommentFactory.create_batch(30, post=post, actor=root.actor)
    response = admin_client.get(reverse("admin:analytics_post_change", args=[post.pk]))
    content = response.content.decode()
    assert "first!" in content and "a reply" in content
    assert content.index("first!") < content.index("a reply")
    formset = response.context["inline_admin_formsets"][0].formset
    assert len(formset.forms) == 20  # one page, not all 32 comments
    assert formset.paginator.count == 32


def test_sorting_by_likes_uses_the_summary_not_the_likes_table(admin_client):
    from analytics.admin.posts import PostAdmin

    post = factories.SummaryFactory(likes=3).post
    factories.LikeFactory.create_batch(3, post=post)
    column = ["action_checkbox", *PostAdmin.list_display].index("likes_count")
    response = admin_client.get(URL, {"o": f"-{column}"})
    assert [p.pk for p in response.context["cl"].result_list] == [post.pk]
    assert "analytics_like" not in str(response.context["cl"].result_list.query)
