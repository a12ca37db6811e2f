"""Lists that stop early or hold a malformed item say so (complete=False with the reason): an incomplete
list never marks stored likes removed or comments deleted. Paging that stops for safety raises after the
pages it yielded."""

from __future__ import annotations

import pytest

from platforms.errors import PagingStopped, RefusedLink
from tests.platforms.conftest import GRAPH, MASTODON, PIXELFED

FAVS = f"{MASTODON}/api/v1/statuses/5/favourited_by"
PF_FAVS = f"{PIXELFED}/api/v1/statuses/5/favourited_by"
STATUSES = f"{MASTODON}/api/v1/accounts/1/statuses"


def _next(url: str) -> dict[str, str]:
    return {"Link": f'<{url}>; rel="next"'}


def test_a_liker_list_whose_page_repeats_is_incomplete(mocked, mastodon, make_account):
    page = [make_account("900"), make_account("800")]
    mocked.get(FAVS, json=page, headers=_next(f"{FAVS}?max_id=17"))
    mocked.get(f"{FAVS}?max_id=17", json=page, headers=_next(f"{FAVS}?max_id=16"))
    likers = mastodon.get_likers("5")
    assert [a.remote_id for a in likers.actors] == ["900", "800"]
    assert likers.complete is False
    assert "repeats" in likers.problems[0]


def test_a_looping_liker_list_stops_at_a_multiple_of_the_reported_count(mocked, mastodon, make_account):
    for n in range(3):  # every page new accounts, always a next link: it would never end
        mocked.get(f"{FAVS}?page={n}" if n else FAVS, json=[make_account(str(n * 100 + i)) for i in range(80)],
                   headers=_next(f"{FAVS}?page={n + 1}"))
    likers = mastodon.get_likers("5", expected=3)
    assert likers.complete is False
    assert len(likers.actors) == 204  # max(3 * 3, 3 + 200) + 1
    assert "reports 3" in likers.problems[0]


def test_a_sharer_list_within_the_reported_count_is_complete(mocked, mastodon, make_account):
    mocked.get(f"{MASTODON}/api/v1/statuses/5/reblogged_by", json=[make_account("1")])
    assert mastodon.get_sharers("5", expected=1).complete is True


def test_a_pixelfed_liker_list_that_loops_back_is_incomplete(mocked, pixelfed, make_account):
    page = [make_account("900")]
    mocked.get(PF_FAVS, json=page, headers=_next(f"{PF_FAVS}?cursor=abc"))
    mocked.get(f"{PF_FAVS}?cursor=abc", json=page, headers=_next(f"{PF_FAVS}?cursor=abd"))
    likers = pixelfed.get_likers("5")
    assert likers.complete is False and likers.problems


def test_a_malformed_comment_makes_the_thread_incomplete(mocked, mastodon, make_status):
    good = make_status("11", in_reply_to_id="5")
    bad = make_status("12", in_reply_to_id="5", created_at="9999-01-01T00:00:00Z")
    mocked.get(f"{MASTODON}/api/v1/statuses/5/context", json={"ancestors": [], "descendants": [good, bad]})
    thread = mastodon.get_comments("5")
    assert [c.remote_id for c in thread.comments] == ["11"]
    assert thread.complete is False
    assert "1 malformed" in thread.problems[0]


def test_a_malformed_instagram_comment_makes_the_thread_incomplete(mocked, instagram):
    body = {"data": [{"id": "1", "text": "ok", "timestamp": "2026-08-01T12:00:00+0000", "username": "a"},
                     {"id": "2", "text": "bad", "timestamp": "1900-01-01T00:00:00+0000", "username": "b"}]}
    mocked.get(f"{GRAPH}/v25.0/9/comments", json=body)
    thread = instagram.get_comments("9")
    assert [c.remote_id for c in thread.comments] == ["1"]
    assert thread.complete is False and thread.problems


def test_account_statuses_whose_link_repeats_raise_after_the_pages_read(mocked, mastodon, make_status):
    mocked.get(STATUSES, json=[make_status("3")], headers=_next(f"{STATUSES}?max_id=3"))
    mocked.get(f"{STATUSES}?max_id=3", json=[make_status("2")], headers=_next(f"{STATUSES}?max_id=3"))
    pages = mastodon.iter_post_pages("1")
    got = [next(pages).posts[0].remote_id, next(pages).posts[0].remote_id]
    with pytest.raises(PagingStopped, match="repeats"):
        next(pages)
    assert got == ["3", "2"]
    assert issubclass(PagingStopped, RefusedLink)  # callers end the run partial with the reason
