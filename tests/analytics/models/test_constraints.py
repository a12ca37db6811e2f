"""The database itself rejects duplicate remote ids and negative counts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from analytics.models import Account, Actor, Comment, EngagementSummary, Like, MetricSnapshot, Post, Share
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _rejects(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_post_remote_id_is_unique_per_account():
    post = factories.PostFactory()
    _rejects(lambda: factories.PostFactory(account=post.account, remote_id=post.remote_id))


def test_same_post_remote_id_is_allowed_on_another_account():
    post = factories.PostFactory()
    other = factories.PostFactory(remote_id=post.remote_id)
    assert Post.objects.filter(remote_id=post.remote_id).count() == 2
    assert other.account_id != post.account_id


def test_account_remote_id_is_unique_per_instance():
    account = factories.AccountFactory()
    _rejects(lambda: factories.AccountFactory(instance=account.instance, remote_id=account.remote_id))
    assert Account.objects.count() == 1


def test_actor_remote_id_is_unique_per_instance():
    actor = factories.ActorFactory()
    _rejects(lambda: Actor.objects.create(instance=actor.instance, remote_id=actor.remote_id, handle="x"))


@pytest.mark.parametrize("factory", [factories.LikeFactory, factories.ShareFactory])
def test_one_like_or_share_per_post_and_actor(factory):
    event = factory()
    model = type(event)
    _rejects(lambda: model.objects.create(post=event.post, actor=event.actor, occurred_at=event.occurred_at))
    assert model.objects.count() == 1
    assert model in (Like, Share)


def test_comment_remote_id_is_unique_per_post():
    comment = factories.CommentFactory()
    _rejects(lambda: Comment.objects.create(
        post=comment.post, remote_id=comment.remote_id, actor=comment.actor, created_at=comment.created_at))


@pytest.mark.parametrize("field", ["likes", "comments", "shares", "total_engagement"])
def test_summary_rejects_negative_counts(field):
    post = factories.PostFactory()
    _rejects(lambda: EngagementSummary.objects.create(post=post, **{field: -1}))


def test_snapshot_rejects_negative_counts():
    post = factories.PostFactory()
    _rejects(lambda: MetricSnapshot.objects.create(post=post, captured_at=post.posted_at, likes=-3))


def test_summary_rejects_negative_engagement_rate():
    post = factories.PostFactory()
    _rejects(lambda: EngagementSummary.objects.create(post=post, engagement_rate=-0.5))


def test_snapshot_is_unique_per_post_and_time():
    snapshot = factories.SnapshotFactory()
    _rejects(lambda: MetricSnapshot.objects.create(post=snapshot.post, captured_at=snapshot.captured_at))
