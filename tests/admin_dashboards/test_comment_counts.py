"""Comments on a post's page: one number (the thread), and the platform's own count beside it, labelled."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analytics.models import EngagementSummary

pytestmark = pytest.mark.django_db


def test_the_post_page_shows_the_thread_count_and_the_platforms_count_labelled(viewer_client, dataset):
    EngagementSummary.objects.filter(post=dataset.post).update(comments=6, platform_comments=3)

    html = viewer_client.get(reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])).content.decode()

    assert "Comments (platform&#x27;s count, direct replies)" in html
    assert html.count("pf-comment pf-depth") == 6  # the thread lists as many comments as the tile counts


def test_the_platforms_count_is_not_repeated_when_it_agrees(viewer_client, dataset):
    EngagementSummary.objects.filter(post=dataset.post).update(comments=6, platform_comments=6)

    html = viewer_client.get(reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])).content.decode()

    assert "platform&#x27;s count" not in html


def test_a_deleted_comment_is_listed_but_said_not_to_count(viewer_client, dataset):
    from django.utils import timezone

    from analytics.models import Comment

    Comment.objects.filter(pk=Comment.objects.filter(post=dataset.post).first().pk).update(deleted_at=timezone.now())

    html = viewer_client.get(reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])).content.decode()

    assert "1 deleted comment is listed but not counted" in html
