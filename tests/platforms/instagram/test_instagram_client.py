"""Instagram Graph API: account, media paging, insights, comments, token refresh and capabilities."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from responses import matchers

from platforms.base import Capability, MediaType
from platforms.errors import AuthError, InvalidInstanceURL, RateLimited, Unsupported
from platforms.instagram import InstagramClient
from tests.platforms.conftest import GRAPH, IG_TOKEN

API = f"{GRAPH}/v25.0"
USER = "17841400000000001"
MEDIA = "18000000000000003"


def _replay(mocked, fixture: dict, url: str, **kwargs) -> None:
    mocked.get(
        url,
        json=fixture["body"],
        status=fixture.get("status", 200),
        headers=fixture.get("headers", {}),
        **kwargs,
    )


def test_verify_credentials_reads_the_professional_account(mocked, instagram, local_fixture):
    _replay(
        mocked,
        local_fixture("instagram/me"),
        f"{API}/me",
        match=[
            matchers.query_param_matcher({"fields": InstagramClient.account_fields, "access_token": IG_TOKEN})
        ],
    )
    account = instagram.verify_credentials()
    assert (account.remote_id, account.handle, account.followers_count, account.following_count) == (
        USER,
        "studio.example",
        1520,
        87,
    )


def test_media_pages_follow_the_after_cursor(mocked, instagram, local_fixture):
    _replay(
        mocked,
        local_fixture("instagram/media_page1"),
        f"{API}/{USER}/media",
        match=[matchers.query_param_matcher({"limit": "50"}, strict_match=False)],
    )
    _replay(
        mocked,
        local_fixture("instagram/media_page2"),
        f"{API}/{USER}/media",
        match=[
            matchers.query_param_matcher(
                {"after": "QVFIUmFmdGVy", "access_token": IG_TOKEN}, strict_match=False
            )
        ],
    )
    posts = [p for page in instagram.iter_post_pages(USER) for p in page.posts]
    assert [p.remote_id for p in posts] == ["18000000000000003", "18000000000000002", "18000000000000001"]


def test_media_types_reels_carousels_and_hidden_like_counts(mocked, instagram, local_fixture):
    _replay(mocked, local_fixture("instagram/media_page1"), f"{API}/{USER}/media")
    _replay(mocked, local_fixture("instagram/media_page2"), f"{API}/{USER}/media")
    reel, album, first = [p for page in instagram.iter_post_pages(USER) for p in page.posts]
    assert (reel.media_type, reel.preview_url, reel.metrics.likes, reel.metrics.comments) == (
        MediaType.VIDEO,
        "https://scontent.cdninstagram.com/v/reel.jpg",
        None,
        4,
    )
    assert reel.hashtags == ("beach", "summer")
    assert reel.posted_at == datetime(2026, 8, 1, 10, tzinfo=UTC)
    assert (album.media_type, album.media_count) == (MediaType.CAROUSEL, 2)
    assert album.caption_html == "Album &lt;3 &amp; friends"
    assert first.metrics.likes == 0  # a real zero stays zero


def test_insights_map_to_metrics(mocked, instagram, local_fixture):
    _replay(
        mocked,
        local_fixture("instagram/insights"),
        f"{API}/{MEDIA}/insights",
        match=[
            matchers.query_param_matcher(
                {"metric": "views,reach,saved,shares,likes,comments,total_interactions"}, strict_match=False
            )
        ],
    )
    metrics = instagram.get_insights(MEDIA)
    assert (metrics.views, metrics.reach, metrics.saved, metrics.shares, metrics.total_interactions) == (
        5400,
        3100,
        42,
        17,
        313,
    )


def test_insights_never_ask_deprecated_metrics():
    asked = set(InstagramClient.insight_metrics)
    assert not asked & {"impressions", "plays", "video_views", "engagement", "clips_replays_count"}


def test_empty_insights_are_none_not_zero(mocked, instagram, local_fixture):
    _replay(mocked, local_fixture("instagram/insights_empty"), f"{API}/{MEDIA}/insights")
    metrics = instagram.get_insights(MEDIA)
    assert (metrics.views, metrics.reach, metrics.saved) == (None, None, None)


def test_an_unsupported_metric_is_dropped_and_the_others_kept(mocked, instagram, local_fixture):
    _replay(mocked, local_fixture("instagram/error_unsupported_metric"), f"{API}/{MEDIA}/insights")
    _replay(
        mocked,
        local_fixture("instagram/insights_without_views"),
        f"{API}/{MEDIA}/insights",
        match=[
            matchers.query_param_matcher(
                {"metric": "reach,saved,shares,likes,comments,total_interactions"}, strict_match=False
            )
        ],
    )
    metrics = instagram.get_insights(MEDIA)
    assert (metrics.views, metrics.reach, metrics.likes) == (None, 3100, 250)


def test_comments_with_replies_are_threaded(mocked, instagram, local_fixture):
    _replay(
        mocked,
        local_fixture("instagram/comments"),
        f"{API}/{MEDIA}/comments",
        match=[matchers.query_param_matcher({"fields": InstagramClient.comment_fields}, strict_match=False)],
    )
    comments = instagram.get_comments(MEDIA).comments
    assert [(c.remote_id, c.in_reply_to_id) for c in comments] == [
        ("17900000000000001", None),
        ("17900000000000002", "17900000000000001"),
        ("17900000000000003", None),
    ]
    assert comments[0].author.handle == "fan.one"
    assert (comments[2].hidden, comments[2].like_count, comments[2].content_html) == (
        True,
        None,
        "&lt;b&gt;spam&lt;/b&gt;",
    )


def test_expired_token_raises_auth_error(mocked, instagram, local_fixture):
    _replay(mocked, local_fixture("instagram/error_token_expired"), f"{API}/me")
    with pytest.raises(AuthError, match="190"):
        instagram.verify_credentials()


def test_rate_limit_code_raises_rate_limited_until_access_returns(mocked, instagram, local_fixture, clock):
    _replay(mocked, local_fixture("instagram/error_rate_limit"), f"{API}/{MEDIA}")
    with pytest.raises(RateLimited) as caught:
        instagram.get_post(MEDIA)
    assert caught.value.retry_at == clock.now() + timedelta(minutes=12)


def test_high_app_usage_slows_the_next_request(mocked, instagram, local_fixture, clock):
    usage = '{"call_count": 95, "total_time": 20, "total_cputime": 10}'
    mocked.get(f"{API}/me", json=local_fixture("instagram/me")["body"], headers={"X-App-Usage": usage})
    mocked.get(f"{API}/me", json=local_fixture("instagram/me")["body"])
    instagram.verify_credentials()
    instagram.verify_credentials()
    assert clock.sleeps == [pytest.approx(38.4)]  # ((95-75)/25)^2 * 60 s


def test_refresh_token_returns_and_uses_the_new_token(mocked, instagram, local_fixture):
    _replay(
        mocked,
        local_fixture("instagram/refresh_token"),
        f"{GRAPH}/refresh_access_token",
        match=[matchers.query_param_matcher({"grant_type": "ig_refresh_token", "access_token": IG_TOKEN})],
    )
    mocked.get(
        f"{API}/me",
        json=local_fixture("instagram/me")["body"],
        match=[
            matchers.query_param_matcher({"access_token": "IGQWR-new-long-lived-token"}, strict_match=False)
        ],
    )
    assert instagram.refresh_token() == "IGQWR-new-long-lived-token"
    instagram.verify_credentials()


def test_the_token_never_reaches_the_logs(mocked, instagram, local_fixture, caplog):
    _replay(mocked, local_fixture("instagram/media_page1"), f"{API}/{USER}/media")
    _replay(mocked, local_fixture("instagram/media_page2"), f"{API}/{USER}/media")
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="platforms.http"):
        list(instagram.iter_post_pages(USER))
    assert caplog.records
    assert IG_TOKEN not in caplog.text


@pytest.mark.parametrize("call", ["get_likers", "get_sharers", "get_edit_history"])
def test_what_instagram_cannot_give_raises_unsupported(instagram, call):
    with pytest.raises(Unsupported):
        list(getattr(instagram, call)(MEDIA)) if call.startswith("iter") else getattr(instagram, call)(MEDIA)


def test_engagement_event_times_are_unsupported(instagram):
    assert not instagram.supports(Capability.EVENT_TIMES)
    with pytest.raises(Unsupported):
        list(instagram.iter_engagement_events())


def test_only_graph_hosts_are_accepted():
    with pytest.raises(InvalidInstanceURL):
        InstagramClient("https://graph.example.org", IG_TOKEN)
    assert (
        InstagramClient("https://graph.facebook.com", IG_TOKEN).instance_url == "https://graph.facebook.com"
    )


def test_empty_instance_url_means_graph_instagram_com():
    assert InstagramClient("", IG_TOKEN).instance_url == GRAPH
