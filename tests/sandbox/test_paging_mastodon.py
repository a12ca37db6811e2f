"""Mastodon-like paging over real HTTP: Link headers with max_id / min_id / since_id, internal row ids."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.sandbox.conftest import api_for
from tests.sandbox.paging_helpers import follow, ids, popular_post


def _truth(sandbox, key="alice"):
    return sandbox.truth(key)["accounts"][key]


def test_account_statuses_follow_next_links_to_every_status(sandbox):
    truth = _truth(sandbox)
    pages = follow(api_for(sandbox, "alice"), f"/api/v1/accounts/{truth['account_id']}/statuses", limit=7)
    statuses = [status for page in pages for status in page]
    assert all(len(page) <= 7 for page in pages)
    media_ids = [s["id"] for s in statuses if s["media_attachments"] and s["reblog"] is None]
    assert media_ids == [post["id"] for post in truth["media_posts"]]
    assert sum(1 for s in statuses if not s["media_attachments"] and s["reblog"] is None) == truth[
        "skipped_text_only"]
    assert sum(1 for s in statuses if s["reblog"] is not None) == truth["own_reblogs"]


def test_only_media_and_exclude_reblogs_leave_the_media_posts(sandbox):
    truth = _truth(sandbox)
    pages = follow(api_for(sandbox, "alice"), f"/api/v1/accounts/{truth['account_id']}/statuses",
                   limit=40, only_media="true", exclude_reblogs="true")
    assert ids(pages) == [post["id"] for post in truth["media_posts"]]
    first_next = api_for(sandbox, "alice").get(f"/api/v1/accounts/{truth['account_id']}/statuses",
                                               limit=5, only_media="true").links["next"]["url"]
    assert "only_media=true" in first_next and "limit=5" in first_next


def test_prev_link_with_min_id_returns_the_page_above(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "alice")
    path = f"/api/v1/accounts/{truth['account_id']}/statuses"
    first = api.get(path, limit=5)
    second = api.get(first.links["next"]["url"])
    assert "min_id=" in second.links["prev"]["url"]
    back = api.get(second.links["prev"]["url"])
    assert [s["id"] for s in back.json()] == [s["id"] for s in first.json()]


def test_since_id_gives_the_newest_statuses_above_it(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "alice")
    path = f"/api/v1/accounts/{truth['account_id']}/statuses"
    everything = ids(follow(api, path, limit=40))
    newer = api.get(path, since_id=everything[10], limit=3).json()
    assert [s["id"] for s in newer] == everything[:3]


def test_favourited_by_pages_with_internal_ids_to_every_liker(sandbox):
    post = popular_post(_truth(sandbox))
    api = api_for(sandbox, "alice")
    first = api.get(f"/api/v1/statuses/{post['id']}/favourited_by")
    assert len(first.json()) == 40
    cursor = parse_qs(urlsplit(first.links["next"]["url"]).query)["max_id"][0]
    assert cursor not in post["likers"], "Link ids are favourite rows, not account ids"
    assert "since_id=" in first.links["prev"]["url"]
    pages = follow(api, f"/api/v1/statuses/{post['id']}/favourited_by")
    assert sorted(ids(pages)) == post["likers"]


def test_a_full_last_page_links_to_an_empty_page_without_links(sandbox):
    truth = _truth(sandbox)
    post = next(p for p in truth["media_posts"] if 2 <= p["counts"]["likes"] <= 80)
    api = api_for(sandbox, "alice")
    full = api.get(f"/api/v1/statuses/{post['id']}/favourited_by", limit=post["counts"]["likes"])
    assert "next" in full.links
    empty = api.get(full.links["next"]["url"])
    assert empty.status_code == 200 and empty.json() == []
    assert "link" not in empty.headers


def test_reblogged_by_pages_to_every_booster(sandbox):
    post = popular_post(_truth(sandbox))
    pages = follow(api_for(sandbox, "alice"), f"/api/v1/statuses/{post['id']}/reblogged_by", limit=4)
    assert sorted(ids(pages)) == post["sharers"]


def test_context_holds_the_whole_thread_and_the_ancestors(sandbox):
    post = popular_post(_truth(sandbox))
    api = api_for(sandbox, "alice")
    context = api.get(f"/api/v1/statuses/{post['id']}/context").json()
    assert [s["id"] for s in context["descendants"]] == [c["id"] for c in post["comments"]]
    nested = next(c for c in post["comments"] if c["in_reply_to_id"] != post["id"])
    ancestors = api.get(f"/api/v1/statuses/{nested['id']}/context").json()["ancestors"]
    assert ancestors[0]["id"] == post["id"] and ancestors[-1]["id"] == nested["in_reply_to_id"]


def test_history_lists_every_version_including_the_first(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "alice")
    edited = next(p for p in truth["media_posts"] if p["versions"] == 3)
    plain = next(p for p in truth["media_posts"] if p["versions"] == 1)
    history = api.get(f"/api/v1/statuses/{edited['id']}/history").json()
    assert len(history) == 3 and history[0]["created_at"] == edited["created_at"]
    assert len(api.get(f"/api/v1/statuses/{plain['id']}/history").json()) == 1
    status = api.get(f"/api/v1/statuses/{edited['id']}").json()
    assert status["edited_at"] == history[-1]["created_at"]


def test_notifications_filter_by_type_and_page_with_links(sandbox):
    truth = _truth(sandbox)
    api = api_for(sandbox, "alice")
    pages = follow(api, "/api/v1/notifications", **{"types[]": "favourite", "limit": 80})
    events = [event for page in pages for event in page]
    assert {event["type"] for event in events} == {"favourite"}
    assert len(events) == truth["notifications"]["favourite"]
    assert len({event["id"] for event in events}) == len(events)
    times = [event["created_at"] for event in events]
    assert times == sorted(times, reverse=True)


def test_notifications_since_id_returns_only_new_events(sandbox):
    api = api_for(sandbox, "alice")
    newest = api.get("/api/v1/notifications", limit=1).json()[0]["id"]
    sandbox.advance(2 * 3600)
    fresh = api.get("/api/v1/notifications", since_id=newest, limit=80).json()
    assert fresh, "the world kept moving"
    assert newest not in {event["id"] for event in fresh}
