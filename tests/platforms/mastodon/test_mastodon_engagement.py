"""Mastodon likers, boosters, comments, edit history and notification events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from responses import matchers

from platforms.base import EventKind
from tests.platforms.conftest import MASTODON

FAVS = f"{MASTODON}/api/v1/statuses/5/favourited_by"
BOOSTS = f"{MASTODON}/api/v1/statuses/5/reblogged_by"
NOTIFICATIONS = f"{MASTODON}/api/v1/notifications"


def _next(url: str) -> dict[str, str]:
    return {"Link": f'<{url}>; rel="next", <{FAVS}?since_id=999>; rel="prev"'}


def test_favourited_by_follows_link_header_across_pages(mocked, mastodon, make_account):
    # max_id in these links is an internal favourite id, not an account id: only the Link header knows it.
    mocked.get(
        FAVS,
        json=[make_account("900"), make_account("800")],
        headers=_next(f"{FAVS}?max_id=17"),
        match=[matchers.query_param_matcher({"limit": "80"})],
    )
    mocked.get(f"{FAVS}?max_id=17", json=[make_account("700")], headers=_next(f"{FAVS}?max_id=3"))
    mocked.get(f"{FAVS}?max_id=3", json=[])
    likers = list(mastodon.get_likers("5").actors)
    assert [a.remote_id for a in likers] == ["900", "800", "700"]
    assert likers[0].handle == "user900@mastodon.example"


def test_favourited_by_stops_on_an_empty_page_even_with_a_next_link(mocked, mastodon, make_account):
    mocked.get(FAVS, json=[make_account("900")], headers=_next(f"{FAVS}?max_id=17"))
    mocked.get(f"{FAVS}?max_id=17", json=[], headers=_next(f"{FAVS}?max_id=2"))
    assert [a.remote_id for a in mastodon.get_likers("5").actors] == ["900"]


def test_reblogged_by_lists_the_boosters(mocked, mastodon, make_account):
    mocked.get(BOOSTS, json=[make_account("12", "bob@other.example")])
    sharers = list(mastodon.get_sharers("5").actors)
    assert [(a.remote_id, a.handle) for a in sharers] == [("12", "bob@other.example")]


def test_malformed_account_in_a_likers_page_is_recorded_and_skipped(mocked, mastodon, make_account):
    mocked.get(FAVS, json=[{"id": 5, "acct": None, "username": None}, make_account("9")])
    assert [a.remote_id for a in mastodon.get_likers("5").actors] == ["9"]
    assert mastodon.bad_items[0].field == "acct"


def test_comments_keep_threading_and_top_level_replies_have_no_parent(mocked, mastodon, make_status):
    mocked.get(
        f"{MASTODON}/api/v1/statuses/5/context",
        json={
            "ancestors": [],
            "descendants": [
                make_status("6", in_reply_to_id="5", content="<p>first!</p>"),
                make_status("7", in_reply_to_id="6", content="<p>reply to first</p>"),
            ],
        },
    )
    thread = mastodon.get_comments("5")
    assert [(c.remote_id, c.in_reply_to_id, c.content_text) for c in thread.comments] == [
        ("6", None, "first!"),
        ("7", "6", "reply to first"),
    ]
    assert thread.complete


def test_comments_still_being_fetched_are_marked_incomplete(mocked, mastodon):
    mocked.get(
        f"{MASTODON}/api/v1/statuses/5/context",
        json={"ancestors": [], "descendants": []},
        headers={"Mastodon-Async-Refresh": 'id="abc", retry=5'},
    )
    assert not mastodon.get_comments("5").complete


def test_edit_history_returns_every_version_including_the_first(mocked, mastodon, shared_fixture):
    recorded = shared_fixture("status_edit__04__v1_statuses_117020586180926938_history.json")
    mocked.get(f"{MASTODON}/api/v1/statuses/5/history", json=recorded["body"])
    versions = mastodon.get_edit_history("5")
    assert [v.caption_text for v in versions] == [
        "the best editor? why, of course it is VS Code",
        "the best editor? why, of course it is the KDE Advanced Text Editor, Kate",
    ]


def _notification(nid: str, kind: str, status: dict, when: datetime, actor: dict) -> dict:
    return {"id": nid, "type": kind, "created_at": when.isoformat(), "account": actor, "status": status}


def test_notifications_give_likes_shares_and_replies_with_real_times(
    mocked, mastodon, make_status, make_account
):
    at = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
    fan = make_account("77", "fan@else.example")
    mocked.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json=make_account("1", "alice"))
    mocked.get(
        NOTIFICATIONS,
        json=[
            _notification("30", "favourite", make_status("5"), at, fan),
            _notification("29", "reblog", make_status("5"), at - timedelta(minutes=1), fan),
            _notification(
                "28",
                "mention",
                make_status("6", in_reply_to_id="5", in_reply_to_account_id="1"),
                at - timedelta(minutes=2),
                fan,
            ),
            _notification("27", "mention", make_status("8"), at - timedelta(minutes=3), fan),  # not a reply
        ],
        match=[matchers.query_param_matcher({"types[]": ["favourite", "reblog", "mention"], "limit": "80"})],
    )
    events = list(mastodon.iter_engagement_events())
    assert [(e.kind, e.post_remote_id, e.event_id) for e in events] == [
        (EventKind.LIKE, "5", "30"),
        (EventKind.SHARE, "5", "29"),
        (EventKind.COMMENT, "5", "28"),
    ]
    assert events[0].occurred_at == at


def test_notifications_stop_at_since(mocked, mastodon, make_status, make_account):
    at = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
    mocked.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json=make_account("1"))
    mocked.get(
        NOTIFICATIONS,
        json=[
            _notification("2", "favourite", make_status("5"), at, make_account("7")),
            _notification("1", "favourite", make_status("5"), at - timedelta(days=2), make_account("8")),
        ],
        headers={"Link": f'<{NOTIFICATIONS}?max_id=1>; rel="next"'},
    )
    events = list(mastodon.iter_engagement_events(since=at - timedelta(days=1)))
    assert [e.event_id for e in events] == ["2"]


def test_low_rate_limit_remaining_slows_the_client_down(mocked, mastodon, make_account, clock):
    reset = (clock.now() + timedelta(seconds=60)).isoformat().replace("+00:00", "Z")
    mocked.get(
        FAVS,
        json=[make_account("1")],
        headers={
            **_next(f"{FAVS}?max_id=1"),
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "3",
            "X-RateLimit-Reset": reset,
        },
    )
    mocked.get(f"{FAVS}?max_id=1", json=[])
    list(mastodon.get_likers("5").actors)
    assert clock.sleeps == [pytest.approx(20.0)]  # 60 s to reset / 3 requests left
