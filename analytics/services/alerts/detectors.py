"""Detectors: for one rule, the subjects that should alert now, as (subject_key, payload) pairs.

A subject key names the episode, not just the object (a re-authenticated account that breaks again, a
new day's drop), so the database's unique (rule, subject_key) lets each episode alert exactly once.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Sum

from analytics.models import (
    Account,
    AccountDailyStats,
    AccountStatus,
    AlertKind,
    AlertRule,
    Comment,
    Granularity,
    HashtagStats,
    Like,
    MetricSnapshot,
    Post,
    Share,
    SyncRun,
    SyncStatus,
)
from analytics.selectors.tokens import token_warning, warning_window

Found = tuple[str, dict]
# How many earlier posts of the account make the median (the most recent ones).
MEDIAN_SAMPLE = 50


def detect(rule: AlertRule, now: datetime) -> Iterator[Found]:
    detector = {
        AlertKind.TAKING_OFF: taking_off,
        AlertKind.FOLLOWERS_DROP: followers_drop,
        AlertKind.NEEDS_REAUTH: needs_reauth,
        AlertKind.SYNC_FAILING: sync_failing,
        AlertKind.HASHTAG_TRENDING: hashtag_trending,
        AlertKind.TOKEN_EXPIRING: token_expiring,
    }[rule.kind]
    return detector(rule, now)


def taking_off(rule: AlertRule, now: datetime) -> Iterator[Found]:
    """A post still in its first N hours (plus one hour of grace for the 15-minute schedule) whose
    engagement at its current age beats k x the median of the account's earlier posts at that same age."""
    window = timedelta(hours=rule.window_hours)
    young = Post.objects.filter(posted_at__gte=now - window - timedelta(hours=1), posted_at__lte=now,
                                deleted_at__isnull=True).select_related("account")
    by_account: dict[int, list[Post]] = defaultdict(list)
    for post in young:
        by_account[post.account_id].append(post)
    for posts in by_account.values():
        account = posts[0].account
        earlier = list(Post.objects.filter(account=account, deleted_at__isnull=True, posted_at__lt=now - window)
                       .order_by("-posted_at")[:MEDIAN_SAMPLE])
        curves = _engagement_curves([*posts, *earlier], until=now)
        for post in posts:
            age = min(now - post.posted_at, window)
            own = curves[post.pk](post.posted_at + age)
            baseline = [curves[other.pk](other.posted_at + age) for other in earlier]
            median = statistics.median(baseline) if baseline else 0
            if own >= rule.min_engagement and own > rule.multiplier * median:
                yield f"post:{post.pk}", {
                    "kind": rule.kind, "account": account.handle, "platform": account.platform,
                    "post_id": post.pk, "post_url": post.url, "engagement": own, "median": median,
                    "age_hours": round(age.total_seconds() / 3600, 1), "multiplier": rule.multiplier}


def _engagement_curves(posts: list[Post], *, until: datetime):
    """Per post, a function time -> engagement at that time: the larger of the counted real events
    (likes and shares with exact times, comments by writing time) and the latest snapshot before it."""
    ids = [post.pk for post in posts]
    events: dict[int, list[datetime]] = defaultdict(list)
    for model in (Like, Share):
        for post_id, at in model.objects.filter(post_id__in=ids, time_is_estimate=False,
                                                occurred_at__lte=until).values_list("post_id", "occurred_at"):
            events[post_id].append(at)
    for post_id, at in Comment.objects.filter(post_id__in=ids, created_at__lte=until).values_list(
            "post_id", "created_at"):
        events[post_id].append(at)
    snapshots: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for post_id, at, total in MetricSnapshot.objects.filter(post_id__in=ids, captured_at__lte=until).order_by(
            "captured_at").values_list("post_id", "captured_at", "total_engagement"):
        snapshots[post_id].append((at, total))

    def curve(post_id: int):
        times = sorted(events[post_id])
        series = snapshots[post_id]
        snap_times = [at for at, _ in series]

        def at(moment: datetime) -> int:
            counted = bisect_right(times, moment)
            index = bisect_right(snap_times, moment)
            return max(counted, series[index - 1][1] if index else 0)
        return at

    return {post_id: curve(post_id) for post_id in ids}


def followers_drop(rule: AlertRule, now: datetime) -> Iterator[Found]:
    """Yesterday-to-today (and the day before) follower loss above X %, from the daily roll-ups."""
    since = now.date() - timedelta(days=2)
    rows = AccountDailyStats.objects.filter(day__gte=since, followers_count__isnull=False).order_by(
        "account_id", "day").values_list("account_id", "account__handle", "day", "followers_count")
    previous: dict[int, tuple] = {}
    for account_id, handle, day, followers in rows:
        before = previous.get(account_id)
        previous[account_id] = (day, followers)
        if not before or before[0] != day - timedelta(days=1) or not before[1]:
            continue
        loss = (before[1] - followers) * 100 / before[1]
        if loss > rule.drop_percent:
            yield f"account:{account_id}:{day.isoformat()}", {
                "kind": rule.kind, "account": handle, "day": day.isoformat(), "followers_before": before[1],
                "followers_after": followers, "drop_percent": round(loss, 1)}


def needs_reauth(rule: AlertRule, now: datetime) -> Iterator[Found]:
    """Active accounts whose token the platform refused; a later reconnect starts a new episode."""
    for account in Account.objects.filter(is_active=True, status=AccountStatus.NEEDS_REAUTH).only(
            "pk", "handle", "platform", "token_refreshed_at", "created_at"):
        episode = (account.token_refreshed_at or account.created_at).isoformat()
        yield f"account:{account.pk}:{episode}", {
            "kind": rule.kind, "account": account.handle, "platform": account.platform}


def token_expiring(rule: AlertRule, now: datetime) -> Iterator[Found]:
    """Active accounts whose long-lived token expires within TOKEN_EXPIRY_WARNING_DAYS or whose rotation
    failed, not yet refused (that is needs_reauth's alert). Each token is one episode: a rotation or a
    reconnect issues a new one."""
    at_risk = Account.objects.token_at_risk(until=now + warning_window()).exclude(
        status=AccountStatus.NEEDS_REAUTH).only("pk", "handle", "platform", "token_expires_at",
                                                "token_refreshed_at", "token_refresh_error", "created_at")
    for account in at_risk:
        episode = (account.token_refreshed_at or account.created_at).isoformat()
        yield f"account:{account.pk}:token:{episode}", {
            "kind": rule.kind, "account": account.handle, "platform": account.platform,
            "expires_at": account.token_expires_at.isoformat() if account.token_expires_at else None,
            "rotation_error": account.token_refresh_error, "warning": token_warning(account, now=now)}


def sync_failing(rule: AlertRule, now: datetime) -> Iterator[Found]:
    """Accounts whose finished runs have all failed for more than H hours (the streak's first failure
    names the episode)."""
    cutoff = now - timedelta(hours=rule.window_hours)
    finished = SyncRun.objects.filter(account__isnull=False, finished_at__isnull=False).exclude(
        status__in=[SyncStatus.SKIPPED, SyncStatus.QUEUED, SyncStatus.RUNNING])
    last_success: dict[int, datetime] = {}
    for account_id, at in finished.exclude(status=SyncStatus.FAILED).order_by("account_id", "finished_at") \
            .values_list("account_id", "finished_at"):
        last_success[account_id] = at
    streaks = finished.filter(status=SyncStatus.FAILED).order_by("finished_at").values_list(
        "account_id", "account__handle", "pk", "finished_at")
    first_failure: dict[int, tuple] = {}
    for account_id, handle, run_id, at in streaks:
        ok_at = last_success.get(account_id)
        if ok_at is not None and ok_at > at:
            continue
        first_failure.setdefault(account_id, (handle, run_id, at))
    for account_id, (handle, run_id, at) in first_failure.items():
        if at <= cutoff:
            yield f"account:{account_id}:run:{run_id}", {
                "kind": rule.kind, "account": handle, "failing_since": at.isoformat()}


def hashtag_trending(rule: AlertRule, now: datetime) -> Iterator[Found]:
    """A hashtag whose engagement today is above k x its daily median of the previous two weeks and at
    least the rule's minimum; newly = once per hashtag and day."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    stats = (HashtagStats.objects.filter(granularity=Granularity.DAY, period_start__gte=today - timedelta(days=14),
                                         period_start__lte=now)
             .values_list("hashtag_id", "hashtag__name", "period_start")
             .annotate(total=Sum("total_engagement")).order_by())  # summed over platforms
    history: dict[int, list[int]] = defaultdict(list)
    current: dict[int, tuple[str, int]] = {}
    for hashtag_id, name, start, total in stats:
        if start >= today:
            current[hashtag_id] = (name, total)
        else:
            history[hashtag_id].append(total)
    for hashtag_id, (name, total) in current.items():
        median = statistics.median(history[hashtag_id]) if history[hashtag_id] else 0
        if total >= rule.min_engagement and total > rule.multiplier * median:
            yield f"hashtag:{hashtag_id}:{today.date().isoformat()}", {
                "kind": rule.kind, "hashtag": name, "engagement": total, "median": median}
