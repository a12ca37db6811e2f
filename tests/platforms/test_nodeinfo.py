"""Knowing the server: nodeinfo read from the recorded Mastodon and Pixelfed documents, the software table,
and a client that adapts to (or refuses) the software it finds."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses

from platforms.base import Capability, EventKind
from platforms.errors import RefusedLink, UnsupportedSoftware
from platforms.mastodon import MastodonClient
from platforms.nodeinfo import read_nodeinfo
from platforms.software import SOFTWARE, profile_for
from tests.platforms.conftest import MASTODON, SHARED_FIXTURES, TOKEN

RECORDED_HOST = "http://localhost:3000"


def recorded(platform: str, name: str) -> Any:
    return json.loads((SHARED_FIXTURES / platform / name).read_text(encoding="utf-8"))["body"]


def serve_nodeinfo(mocked: responses.RequestsMock, document: Any, *, base: str = MASTODON) -> None:
    index = json.loads(json.dumps(recorded("mastodon", "nodeinfo__00_wellknown.json")).replace(RECORDED_HOST, base))
    mocked.get(f"{base}/.well-known/nodeinfo", json=index)
    mocked.get(f"{base}/nodeinfo/2.0", json=document)


def serve_instance(mocked: responses.RequestsMock) -> None:
    body = recorded("mastodon", "instance__v2.json")
    mocked.get(f"{MASTODON}/api/v2/instance", json=body)


def test_the_recorded_mastodon_nodeinfo_names_mastodon_4_6_4(mocked, policy):
    serve_nodeinfo(mocked, recorded("mastodon", "nodeinfo__01_2_0.json"))
    node = read_nodeinfo(policy, MASTODON)
    assert (node.software, node.version, node.schema) == ("mastodon", "4.6.4", "2.0")


def test_the_recorded_pixelfed_nodeinfo_names_pixelfed(mocked, policy):
    serve_nodeinfo(mocked, recorded("pixelfed", "nodeinfo__pixelfed.json"))
    node = read_nodeinfo(policy, MASTODON)
    assert (node.software, node.version) == ("pixelfed", "0.12.3")


def test_the_newest_2x_document_is_read(mocked, policy):
    mocked.get(f"{MASTODON}/.well-known/nodeinfo", json={"links": [
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": f"{MASTODON}/nodeinfo/2.0"},
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": f"{MASTODON}/nodeinfo/2.1"}]})
    mocked.get(f"{MASTODON}/nodeinfo/2.1", json={"software": {"name": "GoToSocial", "version": "0.19.1"}})
    node = read_nodeinfo(policy, MASTODON)
    assert (node.software, node.version, node.schema) == ("gotosocial", "0.19.1", "2.1")


def test_a_nodeinfo_link_to_another_host_is_not_followed(mocked, policy):
    mocked.get(f"{MASTODON}/.well-known/nodeinfo", json={"links": [
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": "https://elsewhere.example/ni"}]})
    with pytest.raises(RefusedLink, match="another host"):
        read_nodeinfo(policy, MASTODON)


def test_no_nodeinfo_is_none(mocked, policy):
    mocked.get(f"{MASTODON}/.well-known/nodeinfo", status=404, json={"error": "Not Found"})
    assert read_nodeinfo(policy, MASTODON) is None


def test_detect_instance_takes_the_software_from_nodeinfo(mocked, policy):
    serve_nodeinfo(mocked, {"software": {"name": "gotosocial", "version": "0.19.1 git-abc"}})
    serve_instance(mocked)
    remote = MastodonClient(MASTODON, TOKEN, http=policy).detect_instance()
    assert (remote.software, remote.version) == ("gotosocial", "0.19.1 git-abc")


def test_detect_instance_falls_back_to_the_instance_document_without_nodeinfo(mocked, policy):
    mocked.get(f"{MASTODON}/.well-known/nodeinfo", status=404, json={"error": "Not Found"})
    serve_instance(mocked)
    remote = MastodonClient(MASTODON, TOKEN, http=policy).detect_instance()
    assert (remote.software, remote.version) == ("mastodon", "4.6.4")


def test_software_we_cannot_read_is_refused_by_name_before_the_instance_api(mocked, policy):
    serve_nodeinfo(mocked, {"software": {"name": "misskey", "version": "2025.1.0"}})
    with pytest.raises(UnsupportedSoftware, match="runs misskey") as refused:
        MastodonClient(MASTODON, TOKEN, http=policy).detect_instance()
    assert refused.value.software == "misskey"


@pytest.mark.parametrize("name", ["mastodon", "pixelfed", "gotosocial", "akkoma", "pleroma", "iceshrimp",
                                  "sharkey", "snac", "Iceshrimp.NET", "hometown"])
def test_every_software_in_the_table_has_a_client(name):
    assert profile_for(name).platform in ("mastodon", "pixelfed")


def test_the_table_covers_the_eight_servers_we_read():
    assert set(SOFTWARE) == {"mastodon", "pixelfed", "gotosocial", "akkoma", "pleroma", "iceshrimp", "sharkey",
                             "snac"}


def test_a_client_for_snac_asks_no_edit_history_and_no_only_media(mocked, policy):
    client = MastodonClient(MASTODON, TOKEN, http=policy, software="snac")
    assert not client.supports(Capability.EDIT_HISTORY)
    assert client.supports(Capability.LIKERS) and client.supports(Capability.EVENT_TIMES)
    mocked.get(f"{MASTODON}/api/v1/accounts/1/statuses", json=[],
               match=[responses.matchers.query_param_matcher(
                   {"exclude_reblogs": "true", "limit": "40"})])
    assert [page.posts for page in client.iter_post_pages("1")] == [()]


def test_a_client_for_snac_reads_its_one_page_of_typed_notifications(mocked, policy, make_status, make_account):
    # snac's mastoapi.c honours types[] but sends no Link header and keeps its newest 64 notifications;
    # its status ids are a 10-digit time followed by an md5, its account ids an md5.
    own, fan = "0" * 31 + "1", make_account("f" * 32, "fan@else.example")
    status_id = "1780000000" + "a" * 32
    client = MastodonClient(MASTODON, TOKEN, http=policy, software="snac")
    mocked.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json=make_account(own, "alice"))
    mocked.get(f"{MASTODON}/api/v1/notifications",
               json=[{"id": "17800000001234", "type": "favourite", "created_at": "2026-08-01T12:00:00.000Z",
                      "account": fan, "status": make_status(status_id)}],
               match=[responses.matchers.query_param_matcher(
                   {"types[]": ["favourite", "reblog", "mention"], "limit": "80"})])
    events = list(client.iter_engagement_events())
    assert [(e.kind, e.post_remote_id, e.event_id) for e in events] == [
        (EventKind.LIKE, status_id, "17800000001234")]


@pytest.mark.parametrize(("name", "cells"), [
    ("pleroma", (True, "none", True, False, True, "flake", True, "none")),
    ("akkoma", (True, "none", True, False, True, "flake", True, "none")),
    ("iceshrimp.net", (True, "link", True, False, True, "aid", True, "none")),
    ("sharkey", (False, "none", False, False, True, "aid", False, "none")),
    ("snac", (False, "none", True, False, False, "hex", False, "none")),
])
def test_the_rows_cited_from_the_servers_own_source(name, cells):
    p = profile_for(name)
    assert (p.edit_history, p.favourited_by_paging, p.notification_types, p.grouped_notifications, p.only_media,
            p.id_shape, p.link_headers, p.rate_limit_headers) == cells


def test_a_client_for_mastodon_keeps_every_capability(policy):
    client = MastodonClient(MASTODON, TOKEN, http=policy, software="mastodon")
    assert client.capabilities == MastodonClient.capabilities
