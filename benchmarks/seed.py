# ruff: noqa: S608 -- every interpolated value is an integer or constant of this module, never input.
"""Seed the realistic dataset of issue 12 on PostgreSQL in set-based SQL (generate_series, INSERT … SELECT).

At scale 1: 1,000,000 posts spread evenly over 730 days, 500 accounts on 3 platforms, 200k actors,
19.5 likes, 1.6 shares, 0.9 comments, 2.4 snapshots and 2 hashtag links per post on average. Summaries
are computed from the seeded events, so they agree with them; roll-ups come from the project's own rebuild.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection

from analytics.secrets import encrypt

PLATFORMS = ("mastodon", "pixelfed", "instagram")
BASE_REMOTE_ID = 109_000_000_000_000_000
POPULAR_TAGS = 20  # tag0..tag19: each on 1/20 of the posts
RARE_WORDS = 50_000  # word qNNNNN: each on 1/50,000 of the posts (20 posts at scale 1)
# Per post g, events counts follow g's last digit(s); the averages match the dataset.
LIKES_SQL = "(g % 40)"  # mean 19.5
SHARES_SQL = "floor((g % 10) * 0.45)::int"  # mean 1.6
COMMENTS_SQL = "floor((g % 10) * 0.3)::int"  # mean 0.9
SNAPSHOTS_SQL = "floor((g % 10) * 0.625)::int"  # mean 2.4


@dataclass(frozen=True)
class Sizes:
    posts: int
    accounts: int
    actors: int
    hashtags: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(posts=max(100, round(1_000_000 * scale)), accounts=max(3, round(500 * scale)),
                   actors=max(100, round(200_000 * scale)), hashtags=max(POPULAR_TAGS + 10, round(5_000 * scale)))


def rare_word(n: int = 17) -> str:
    return f"q{n:05d}"


def remote_id_of(g: int) -> str:
    return str(BASE_REMOTE_ID + g)


def seed(sizes: Sizes, log) -> dict[str, float]:
    """Empty the analytics tables, then fill them; returns seconds per step."""
    if connection.vendor != "postgresql":
        raise SystemExit("bench seeds with generate_series: point DATABASE_URL at PostgreSQL (make bench does)")
    timings: dict[str, float] = {}
    with connection.cursor() as cursor:
        for name, sql in _steps(sizes):
            started = time.perf_counter()
            cursor.execute(sql)
            timings[name] = time.perf_counter() - started
            log(f"  seeded {name:<12} {timings[name]:6.1f} s")
        started = time.perf_counter()
        cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started
    return timings


def _steps(s: Sizes) -> list[tuple[str, str]]:
    days = 730
    return [
        ("truncate", "TRUNCATE analytics_instance, analytics_hashtag, analytics_exportjob RESTART IDENTITY CASCADE"),
        ("instances", f"""
            INSERT INTO analytics_instance (base_url, platform, software_version, created_at)
            SELECT 'https://' || p || '.bench.example', p, '', now()
            FROM unnest(ARRAY{list(PLATFORMS)}::text[]) AS p"""),
        ("accounts", f"""
            INSERT INTO analytics_account (instance_id, platform, remote_id, handle, display_name, url, avatar_url,
                team, access_token, scopes, is_active, status, status_detail, followers_count, following_count,
                lease_owner, created_at, updated_at)
            SELECT 1 + a % 3, (ARRAY{list(PLATFORMS)})[1 + a % 3], 'acct-' || a, 'account' || a, 'Account ' || a,
                '', '', '', '{encrypt("not-a-token")}', '', true, 'active', '',
                1000 + a * 37 % 50000, 100, '', now(), now()
            FROM generate_series(0, {s.accounts - 1}) AS a"""),
        ("actors", f"""
            INSERT INTO analytics_actor (instance_id, remote_id, handle, display_name, url, avatar_url,
                first_seen_at, updated_at)
            SELECT 1 + n % 3, 'fan-' || n, 'fan' || n, 'Fan ' || n, '', '', now(), now()
            FROM generate_series(0, {s.actors - 1}) AS n"""),
        ("posts", f"""
            INSERT INTO analytics_post (account_id, platform, remote_id, url, caption_html, caption_text,
                media_type, media_url, preview_url, media_count, posted_at, language, visibility, first_seen_at,
                last_seen_at)
            SELECT 1 + g % {s.accounts}, (ARRAY{list(PLATFORMS)})[1 + (g % {s.accounts}) % 3],
                ({BASE_REMOTE_ID} + g)::text, 'https://social.example/p/' || g, '',
                'Morning light over the ' || (ARRAY['harbour','market','ridge','river','station'])[1 + g % 5]
                    || ' q' || lpad((g % {RARE_WORDS})::text, 5, '0')
                    || ' #tag' || (g % {POPULAR_TAGS})
                    || ' #tag' || ({POPULAR_TAGS} + g * 31 % {s.hashtags - POPULAR_TAGS}),
                (ARRAY['image','video','carousel'])[1 + g % 3], 'https://files.example/' || g || '.jpg',
                'https://files.example/' || g || '-s.jpg', 1,
                posted, 'en', 'public', LEAST(posted + interval '10 minutes', now() - interval '1 hour'), now()
            FROM generate_series(1::bigint, {s.posts}) AS g
            CROSS JOIN LATERAL (SELECT now() - make_interval(secs => g * ({days} * 86400.0 / {s.posts})))
                AS t(posted)"""),
        ("hashtags", f"""
            INSERT INTO analytics_hashtag (name, first_seen_at)
            SELECT 'tag' || n, now() FROM generate_series(0, {s.hashtags - 1}) AS n"""),
        ("post_tags", f"""
            INSERT INTO analytics_posthashtag (post_id, hashtag_id)
            SELECT g, 1 + g % {POPULAR_TAGS} FROM generate_series(1::bigint, {s.posts}) AS g
            UNION ALL
            SELECT g, 1 + {POPULAR_TAGS} + g * 31 % {s.hashtags - POPULAR_TAGS}
            FROM generate_series(1::bigint, {s.posts}) AS g"""),
        ("likes", _events("like", LIKES_SQL, s, minutes=7)),
        ("shares", _events("share", SHARES_SQL, s, minutes=23)),
        ("comments", f"""
            INSERT INTO analytics_comment (post_id, remote_id, actor_id, in_reply_to_remote_id, content_html,
                content_text, created_at, hidden, first_seen_at)
            SELECT g, 'c' || g || '-' || k, 1 + (g * 104729 + k * 7) % {s.actors}, '', '', 'Lovely shot ' || k,
                p.posted_at + make_interval(mins => 11 * (k + 1)), false, now()
            FROM generate_series(1::bigint, {s.posts}) AS g
            JOIN analytics_post p ON p.id = g
            CROSS JOIN LATERAL generate_series(0, ({COMMENTS_SQL} - 1)::int) AS k"""),
        ("snapshots", f"""
            INSERT INTO analytics_metricsnapshot (post_id, captured_at, granularity, likes, comments, shares,
                total_engagement)
            SELECT g, p.posted_at + make_interval(hours => 6 * (k + 1)), 'day',
                {LIKES_SQL} * (k + 1) / {SNAPSHOTS_SQL}, {COMMENTS_SQL} * (k + 1) / {SNAPSHOTS_SQL},
                {SHARES_SQL} * (k + 1) / {SNAPSHOTS_SQL},
                ({LIKES_SQL} + {COMMENTS_SQL} + {SHARES_SQL}) * (k + 1) / {SNAPSHOTS_SQL}
            FROM generate_series(1::bigint, {s.posts}) AS g
            JOIN analytics_post p ON p.id = g
            CROSS JOIN LATERAL generate_series(0, ({SNAPSHOTS_SQL} - 1)::int) AS k"""),
        ("summaries", f"""
            INSERT INTO analytics_engagementsummary (post_id, likes, comments, shares, quotes, total_engagement,
                views, reach, saved, engagement_rate, known_likers, known_sharers, known_comments,
                counts_fetched_at, engagers_fetched_at, comments_fetched_at, updated_at)
            SELECT p.id, {LIKES_SQL}, {COMMENTS_SQL}, {SHARES_SQL}, 0, {LIKES_SQL} + {COMMENTS_SQL} + {SHARES_SQL},
                CASE WHEN p.platform = 'instagram' THEN {LIKES_SQL} * 40 END,
                CASE WHEN p.platform = 'instagram' THEN {LIKES_SQL} * 25 END,
                CASE WHEN p.platform = 'instagram' THEN g % 7 END,
                ({LIKES_SQL} + {COMMENTS_SQL} + {SHARES_SQL})::float / a.followers_count,
                {LIKES_SQL}, {SHARES_SQL}, {COMMENTS_SQL}, now(), now(), now(),
                -- last refreshed two days after publication, or an hour ago: the hourly roll-up's watermark
                -- then sees only what a benchmark changes, as in production after the first roll-up.
                LEAST(p.posted_at + interval '2 days', now() - interval '1 hour')
            FROM generate_series(1::bigint, {s.posts}) AS g
            JOIN analytics_post p ON p.id = g JOIN analytics_account a ON a.id = p.account_id"""),
    ]


def _events(kind: str, count_sql: str, s: Sizes, *, minutes: int) -> str:
    # Actor (g * 7919 + k) mod actors: distinct within a post (k < actors), overlapping across posts.
    return f"""
        INSERT INTO analytics_{kind} (post_id, actor_id, occurred_at, time_is_estimate, first_seen_at)
        SELECT g, 1 + (g * 7919 + k) % {s.actors}, p.posted_at + make_interval(mins => {minutes} * (k + 1)),
            false, now()
        FROM generate_series(1::bigint, {s.posts}) AS g
        JOIN analytics_post p ON p.id = g
        CROSS JOIN LATERAL generate_series(0, ({count_sql} - 1)::int) AS k"""
