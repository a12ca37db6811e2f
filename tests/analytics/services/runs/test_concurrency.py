"""Two workers on the same account at once: one runs, the other records `skipped`; no duplicate rows."""

from __future__ import annotations

import time

import pytest
import responses

from analytics.models import Account, Instance, Like, Post, SyncRun, SyncStatus
from analytics.services.refresh.engagement import refresh_account_engagement
from analytics.services.sync.posts import sync_account_posts
from tests.analytics.services.fake_mastodon import BASE, OWN_ID, FakeMastodon, make_world
from tests.concurrency import at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


class SlowFake(FakeMastodon):
    """Answers slowly so two refreshes surely overlap."""

    def _route(self, request):
        time.sleep(0.05)
        return super()._route(request)


def test_two_refreshes_of_one_account_run_once_and_skip_once(pauses):
    instance = Instance.objects.create(base_url=BASE, platform="mastodon")
    account = Account.objects.create(instance=instance, platform="mastodon", remote_id=OWN_ID, handle="brand",
                                     access_token="tok", followers_count=10)
    world = SlowFake(make_world(6), page_size=40)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        world.register(mock)
        sync_account_posts(account)
        results = at_once(lambda: refresh_account_engagement(
            Account.objects.select_related("instance").get(pk=account.pk), force=True))
    statuses = sorted(result.status for result in results)
    assert statuses == [SyncStatus.OK, SyncStatus.SKIPPED]
    assert Like.objects.count() == sum(len(p.likers) for p in world.posts)
    assert SyncRun.objects.filter(status=SyncStatus.SKIPPED).count() == 1
    assert Post.objects.count() == 6
    assert Account.objects.get(pk=account.pk).lease_owner == ""
