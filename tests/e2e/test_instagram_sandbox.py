"""Instagram end to end: Facebook Login on the Graph API-like sandbox over real HTTP, then the scheduled
sync and engagement refresh, compared with the sandbox's own truth."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.utils import timezone

from analytics.models import Account, Comment, EngagementSummary, Post, SyncStatus
from analytics.services.accounts.meta_oauth import connect_picked, finish_meta_oauth, start_meta_oauth
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from platforms.sandbox import start_sandbox
from platforms.sandbox.graph_oauth import APP_ID, APP_SECRET
from tests import factories
from tests.e2e.conftest import WORLD_START

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
CALLBACK = "http://127.0.0.1:8000/admin/analytics/account/connect/meta/callback/"


@pytest.fixture
def graph(e2e_settings):
    handle = start_sandbox(seed=11, frozen=True, start=WORLD_START, posts_per_account=8)
    e2e_settings.META_LOGIN = {"APP_ID": APP_ID, "APP_SECRET": APP_SECRET, "DIALOG_URL": handle.instagram_url,
                               "GRAPH_URL": handle.instagram_url}
    yield handle
    handle.stop()


def connect_all(operator) -> list[Account]:
    """What the operator does: start, press Continue on the dialog, pick every account offered."""
    dialog = start_meta_oauth(user=operator, team="brand", redirect_uri=CALLBACK)
    answer = requests.get(f"{dialog}&decision=approve", allow_redirects=False, timeout=10)
    query = {key: values[0] for key, values in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    attempt = finish_meta_oauth(query=query, user=operator, redirect_uri=CALLBACK)
    return connect_picked(attempt=attempt, ig_user_ids=[c["ig_user_id"] for c in attempt.choices], user=operator)


def test_instagram_accounts_connected_with_facebook_sync_to_the_sandbox_truth(graph):
    accounts = connect_all(factories.UserFactory(username="operator"))
    assert sorted(a.handle for a in accounts) == ["bakery_sandbox", "studio_sandbox"]
    for account in accounts:
        assert sync_account_posts(account).status == SyncStatus.OK
        assert refresh_account_engagement(account, tiered=True).status == SyncStatus.OK
        truth = graph.graph.world.truth(account.remote_id)
        posts = Post.objects.filter(account=account)
        assert posts.count() == truth["media"]
        assert Comment.objects.filter(post__account=account).count() == truth["comments"]
        stored = {s.post.remote_id: (s.views, s.reach, s.saved)
                  for s in EngagementSummary.objects.filter(post__account=account).select_related("post")}
        assert stored == {media_id: (values["views"], values["reach"], values["saved"])
                          for media_id, values in truth["insights"].items()}


def test_a_week_old_facebook_login_token_is_kept_not_refreshed(graph):
    [account, *_] = connect_all(factories.UserFactory(username="operator"))
    Account.objects.filter(pk=account.pk).update(token_refreshed_at=timezone.now() - timedelta(days=8))
    account.refresh_from_db()
    token = account.access_token.reveal()
    assert sync_account_posts(account).status == SyncStatus.OK
    account.refresh_from_db()
    assert account.access_token.reveal() == token and not graph.graph.refreshed
