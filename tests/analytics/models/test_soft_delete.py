"""Soft-deleted posts are hidden where users expect, kept where history needs them; deletes cascade."""

from __future__ import annotations

import pytest
from django.utils import timezone

from analytics.models import Comment, EngagementSummary, Like, Post
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_default_manager_hides_soft_deleted_posts():
    live = factories.PostFactory()
    gone = factories.PostFactory(deleted_at=timezone.now())
    assert list(Post.objects.all()) == [live]
    assert set(Post.all_objects.all()) == {live, gone}
    assert list(Post.all_objects.deleted()) == [gone]


def test_engagement_of_a_soft_deleted_post_stays_reachable():
    like = factories.LikeFactory()
    Post.all_objects.filter(pk=like.post_id).update(deleted_at=timezone.now())
    like.refresh_from_db()
    assert like.post.is_deleted
    assert Like.objects.filter(post_id=like.post_id).count() == 1


def test_hard_deleting_an_account_removes_its_posts_and_engagement():
    like = factories.LikeFactory()
    comment = factories.CommentFactory(post=like.post)
    EngagementSummary.objects.create(post=like.post, likes=1, total_engagement=1)
    like.post.account.delete()
    assert not Post.all_objects.exists()
    assert not Like.objects.exists()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert not EngagementSummary.objects.exists()


def test_deleting_a_parent_comment_keeps_its_replies():
    parent = factories.CommentFactory()
    reply = factories.CommentFactory(post=parent.post, parent=parent, in_reply_to_remote_id=parent.remote_id)
    parent.delete()
    reply.refresh_from_db()
    assert reply.parent is None
    assert reply.in_reply_to_remote_id == parent.remote_id
