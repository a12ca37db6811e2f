"""Know the server: connect reads nodeinfo, records the software, picks the client from the table and refuses
software we cannot read (naming it); the daily sync reads it again and records a change."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import responses
from django.utils import timezone

from analytics.models import Account, Instance, SyncKind, SyncRun, SyncStatus
from analytics.services.accounts.connect import connect_account
from analytics.services.sync.posts import sync_account_posts
from platforms.errors import UnsupportedSoftware
from tests.analytics.services.fake_mastodon import BASE, FakeMastodon, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
WELL_KNOWN = {"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": f"{BASE}/nodeinfo/2.0"}]}


class Server:
    """The fake Mastodon plus a nodeinfo whose software the test chooses."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.software = ("mastodon", "4.6.4")
        self.nodeinfo_reads = 0
        FakeMastodon(make_world(3)).register(mock)
        mock.get(f"{BASE}/.well-known/nodeinfo", json=WELL_KNOWN)
        mock.add_callback(responses.GET, f"{BASE}/nodeinfo/2.0", self._document, content_type="application/json")

    def _document(self, request):
        self.nodeinfo_reads += 1
        name, version = self.software
        return 200, {}, json.dumps({"version": "2.0", "software": {"name": name, "version": version}})


@pytest.fixture
def server(pauses):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Server(mock)


def test_connect_records_the_software_and_version_from_nodeinfo(server):
    server.software = ("gotosocial", "0.19.1")
    account = connect_account(platform="mastodon", instance_url=BASE, token="tok")
    instance = Instance.objects.get()
    assert (instance.software, instance.software_version, account.platform) == ("gotosocial", "0.19.1", "mastodon")


def test_unreadable_software_is_refused_by_name_and_nothing_is_created(server):
    server.software = ("misskey", "2025.1.0")
    with pytest.raises(UnsupportedSoftware, match="misskey"):
        connect_account(platform="mastodon", instance_url=BASE, token="tok")
    assert not Account.objects.exists() and not Instance.objects.exists()
    failed = SyncRun.objects.get(kind=SyncKind.CONNECT)
    assert failed.status == SyncStatus.FAILED and "misskey" in failed.error_message


def test_the_client_is_chosen_from_nodeinfo_not_from_the_platform_picked(server):
    account = connect_account(platform="pixelfed", instance_url=BASE, token="tok")
    assert account.platform == "mastodon" and Instance.objects.get().platform == "mastodon"


def _age_the_check(hours: int) -> None:
    Instance.objects.update(version_checked_at=timezone.now() - timedelta(hours=hours))


def test_the_daily_sync_reads_nodeinfo_again_and_records_an_upgrade(server):
    account = connect_account(platform="mastodon", instance_url=BASE, token="tok")
    server.software = ("mastodon", "4.7.0")
    _age_the_check(25)
    assert sync_account_posts(Account.objects.get(pk=account.pk)).status == SyncStatus.OK
    assert Instance.objects.get().software_version == "4.7.0"


def test_a_sync_within_the_day_does_not_read_nodeinfo_again(server):
    account = connect_account(platform="mastodon", instance_url=BASE, token="tok")
    reads = server.nodeinfo_reads
    assert sync_account_posts(Account.objects.get(pk=account.pk)).status == SyncStatus.OK
    assert server.nodeinfo_reads == reads


def test_a_server_now_running_unreadable_software_fails_the_sync_naming_it(server):
    account = connect_account(platform="mastodon", instance_url=BASE, token="tok")
    server.software = ("lemmy", "0.19.0")
    _age_the_check(25)
    result = sync_account_posts(Account.objects.get(pk=account.pk))
    assert result.status == SyncStatus.FAILED
    assert "lemmy" in SyncRun.objects.filter(kind=SyncKind.SYNC_POSTS).get().error_message
    assert Instance.objects.get().software == "lemmy"
