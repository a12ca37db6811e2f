"""The sandbox's Mastodon JSON has the shape of real Mastodon 4.6.4 responses (the recorded fixtures)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import FIXTURES, api_for, load_fixture
from tests.sandbox.paging_helpers import popular_post
from tests.sandbox.shape import shape_differences

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="no shared/fixtures/mastodon beside the repo")


@pytest.fixture
def alice(sandbox):
    return sandbox.truth("alice")["accounts"]["alice"]


def _assert_shape(ours: Any, fixture_name: str) -> None:
    theirs = load_fixture(fixture_name)["body"]
    problems = shape_differences(ours, theirs)
    assert not problems, f"{fixture_name}:\n" + "\n".join(problems)


def _post_of_type(truth: dict[str, Any], media_type: str) -> dict[str, Any]:
    return next(post for post in truth["media_posts"] if post["media_type"] == media_type)


def test_album_status_matches_the_recorded_status_with_two_images(sandbox, alice):
    post = _post_of_type(alice, "carousel")
    _assert_shape(api_for(sandbox, "alice").get(f"/api/v1/statuses/{post['id']}").json(),
                  "status_with_media__media_post_multiple__04.json")


def test_video_status_matches_the_recorded_video_status(sandbox):
    truth = sandbox.truth()["accounts"]
    key, post = next((key, post) for key, account in truth.items() if account["platform"] == "mastodon"
                     for post in account["media_posts"] if post["media_type"] == "video")
    _assert_shape(api_for(sandbox, key).get(f"/api/v1/statuses/{post['id']}").json(),
                  "status_with_media__media_postFalse__02.json")


def test_status_with_a_link_matches_the_recorded_card_status(sandbox):
    api = api_for(sandbox, "alice")
    account_id = sandbox.account("alice")["account_id"]
    statuses = api.get(f"/api/v1/accounts/{account_id}/statuses", limit=40, only_media="true").json()
    with_card = next(status for status in statuses if status["card"])
    _assert_shape(with_card, "status_card__01__v1_statuses_117020609135389699.json")


def test_account_and_credentials_match_the_recorded_ones(sandbox, alice):
    api = api_for(sandbox, "alice")
    _assert_shape(api.get("/api/v1/accounts/verify_credentials").json(),
                  "verify_credentials__00__v1_accounts_verify_credentials.json")
    liker = popular_post(alice)["likers"][0]
    _assert_shape(api.get(f"/api/v1/accounts/{liker}").json(),
                  "account__01__v1_accounts_117020457910412882.json")


def test_favourited_and_reblogged_by_match_the_recorded_lists(sandbox, alice):
    api = api_for(sandbox, "alice")
    post = popular_post(alice)
    _assert_shape(api.get(f"/api/v1/statuses/{post['id']}/favourited_by").json(),
                  "status_favourited_by__02__v1_statuses_117020585802289163_favourited_by.json")
    _assert_shape(api.get(f"/api/v1/statuses/{post['id']}/reblogged_by").json(),
                  "status_reblogged_by__02__v1_statuses_117020585505579935_reblogged_by.json")


def test_context_and_its_replies_match_the_recorded_ones(sandbox, alice):
    api = api_for(sandbox, "alice")
    context = api.get(f"/api/v1/statuses/{popular_post(alice)['id']}/context").json()
    _assert_shape(context, "status_context__01__v1_statuses_117020585487094447_context.json")
    # A reply is another account's status: compare it with the recorded status of another account.
    for reply in context["descendants"]:
        _assert_shape(reply, "status_edit__03__v1_statuses_117020586180926938.json")


def test_history_and_source_match_the_recorded_edit(sandbox, alice):
    api = api_for(sandbox, "alice")
    edited = next(post for post in alice["media_posts"] if post["versions"] == 3)
    history = api.get(f"/api/v1/statuses/{edited['id']}/history").json()
    _assert_shape(history, "status_edit__04__v1_statuses_117020586180926938_history.json")
    _assert_shape(api.get(f"/api/v1/statuses/{edited['id']}/source").json(),
                  "status_edit__05__v1_statuses_117020586180926938_source.json")


def test_mention_notifications_match_the_recorded_ones(sandbox):
    api = api_for(sandbox, "alice")
    notifications = api.get("/api/v1/notifications", **{"types[]": "mention", "limit": 20}).json()
    assert notifications
    _assert_shape(notifications, "notifications__01__v1_notifications.json")


def test_instance_v1_and_v2_match_the_recorded_ones(sandbox):
    api = api_for(sandbox, "alice")
    v1 = api.get("/api/v1/instance").json()
    v2 = api.get("/api/v2/instance").json()
    _assert_shape(v1, "instance__v1.json")
    _assert_shape(v2, "instance__v2.json")
    assert v1["version"] == v2["version"] == "4.6.4"


def test_the_shape_check_notices_a_missing_key():
    assert shape_differences({"id": "1"}, {"id": "2", "url": "x"}) == ["$: missing key 'url'"]
    assert shape_differences({"id": 1}, {"id": "2"}) == ["$.id: int where the fixture has str"]
