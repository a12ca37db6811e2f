"""Dashboard fixtures: users with and without the view permission, and a dataset that scales."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from analytics.models import Post, PostHashtag
from analytics.services.maintenance.content_stats import rebuild_content_stats
from analytics.services.maintenance.decay import rebuild_post_decay
from analytics.services.maintenance.rollups import rebuild_account_daily_stats, rebuild_hashtag_stats
from tests import factories


@dataclass
class Dataset:
    posts: list[Post]

    @property
    def post(self) -> Post:
        return self.posts[0]


def build_dataset(scale: int = 1) -> Dataset:
    """`scale` Mastodon and Instagram accounts, 5 posts each over 3 weeks, with engagement and roll-ups."""
    now = timezone.now()
    instagram = factories.InstanceFactory(base_url="https://graph.instagram.com", platform="instagram")
    mastodon = factories.InstanceFactory(base_url="https://mastodon.example", platform="mastodon")
    tags = [factories.HashtagFactory(name=f"tag{n}") for n in range(3 * scale)]
    posts = []
    for index in range(scale):
        for instance in (mastodon, instagram):
            account = factories.AccountFactory(instance=instance)
            factories.SyncRunFactory(account=account)
            for number in range(5):
                post = factories.PostFactory(account=account, posted_at=now - timedelta(days=number * 4, hours=index))
                insights = {"views": 100, "reach": 80, "saved": 3} if instance is instagram else {}
                factories.SummaryFactory(post=post, counts_fetched_at=now, **insights)
                factories.SnapshotFactory(post=post, captured_at=post.posted_at + timedelta(hours=1))
                factories.SnapshotFactory(post=post, captured_at=post.posted_at + timedelta(hours=2), likes=9)
                PostHashtag.objects.create(post=post, hashtag=tags[(index + number) % len(tags)])
                posts.append(post)
    first = posts[0]
    for number in range(3 * scale):
        factories.LikeFactory(post=first, time_is_estimate=number % 2 == 0)
        factories.ShareFactory(post=first)
        comment = factories.CommentFactory(post=first)
        factories.CommentFactory(post=first, parent=comment)
        first.versions.create(version_at=now - timedelta(hours=number + 1), caption_text=f"v{number}")
    rebuild_account_daily_stats()
    rebuild_content_stats()
    rebuild_hashtag_stats()
    rebuild_post_decay()
    return Dataset(posts=posts)


@pytest.fixture
def dataset(db) -> Dataset:
    return build_dataset(1)


def _user_with(*codenames: str, username: str):
    user = factories.UserFactory(username=username)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames, content_type__app_label="analytics"))
    return user


@pytest.fixture
def viewer(db):
    return _user_with("view_post", username="viewer")


@pytest.fixture
def refresher(db):
    return _user_with("view_post", "refresh_engagement", username="refresher")


@pytest.fixture
def outsider(db):
    """Staff, but without the analytics view permission."""
    return factories.UserFactory(username="outsider")


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def dashboard_urls(post_id: int) -> dict[str, str]:
    return {
        "index": reverse("admin:index"),
        "platform": reverse("admin:admin_dashboards_platform", args=["mastodon"]),
        "comparison": reverse("admin:admin_dashboards_comparison"),
        "post": reverse("admin:admin_dashboards_post_detail", args=[post_id]),
        "hashtags": reverse("admin:admin_dashboards_hashtags"),
        "best_time": reverse("admin:admin_dashboards_best_time"),
        "metrics": reverse("admin:admin_dashboards_metrics"),
        "growth": reverse("admin:admin_dashboards_growth"),
        "fans": reverse("admin:admin_dashboards_fans"),
        "content": reverse("admin:admin_dashboards_content"),
        "decay": reverse("admin:admin_dashboards_decay"),
    }
