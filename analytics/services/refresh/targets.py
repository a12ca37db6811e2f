"""Which posts a refresh reads, and how their fresh counts are read with the fewest requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from analytics.models import Account, Post
from analytics.services.runs.recorder import RunRecorder
from platforms.base import Capability, PlatformClient, RemotePost
from platforms.errors import BadPayload, NotFound, RefusedLink, TransientError

# Up to this many posts are read one by one; more are read from the account's listing, 40 a request.
SINGLE_READ_LIMIT = 10


def _with_slack(interval: timedelta) -> timedelta:
    """A post read a little less than an interval ago is due: last run's own duration must not skip a slot."""
    return interval - max(timedelta(minutes=1), interval / 10)


def tier_q(tiers, *, now: datetime, fetched_field: str, posted_field: str = "posted_at") -> Q:
    """Posts due by age tier, in SQL: in each tier's age band, `fetched_field` older than its interval."""
    if not tiers:
        return Q(pk__in=[])  # no tiers: nothing is due by age
    due = Q(pk__in=[])
    younger_than = None
    for max_age_hours, minutes in tiers:
        band = Q() if younger_than is None else Q(**{f"{posted_field}__lt": now - younger_than})
        if max_age_hours is not None:
            band &= Q(**{f"{posted_field}__gte": now - timedelta(hours=max_age_hours)})
        due |= band & Q(**{f"{fetched_field}__lt": now - _with_slack(timedelta(minutes=minutes))})
        if max_age_hours is None:
            break
        younger_than = timedelta(hours=max_age_hours)
    return due


def due_posts(account: Account, *, noted_remote_ids: Iterable[str] = (), post_ids: Sequence[int] | None = None,
              hours: int | None = None, max_posts: int | None = None, force: bool = False,
              tiered: bool = False) -> list[Post]:
    """The posts to re-read: chosen ids, a recent window, or those due by tier plus any the notifications named.

    The tier test runs in the database (one query), newest posts first, up to the per-account limit."""
    posts = Post.objects.filter(account=account).select_related("summary").order_by("-posted_at")
    if post_ids:
        return list(posts.filter(pk__in=post_ids))
    now = timezone.now()
    if hours:
        posts = posts.filter(posted_at__gte=now - timedelta(hours=hours))
    if tiered and not force:
        posts = posts.filter(
            Q(summary__counts_fetched_at__isnull=True) | Q(remote_id__in=list(noted_remote_ids))
            | tier_q(settings.POSTFLOW["REFRESH_TIERS"], now=now, fetched_field="summary__counts_fetched_at"))
    limit = max_posts or settings.POSTFLOW["REFRESH_MAX_POSTS_PER_ACCOUNT"]
    return list(posts.only("id", "remote_id", "posted_at", "summary__counts_fetched_at")[:limit])


def fetch_fresh_counts(client: PlatformClient, account: Account, targets: Sequence[Post],
                       recorder: RunRecorder) -> tuple[dict[str, RemotePost], list[str]]:
    """Fresh RemotePosts by remote id, and the remote ids the platform says are gone."""
    if not targets:
        return {}, []
    fresh: dict[str, RemotePost] = {}
    if len(targets) > SINGLE_READ_LIMIT:
        fresh.update(_read_listing(client, account, targets, recorder))
    gone: list[str] = []
    for post in targets:
        if post.remote_id in fresh:
            continue
        try:
            fresh[post.remote_id] = client.get_post(post.remote_id)
        except NotFound:
            gone.append(post.remote_id)
        except (BadPayload, TransientError) as exc:
            recorder.record_error(f"reading counts: {exc}", remote_id=post.remote_id)
        recorder.heartbeat()  # one request per post: hundreds of them must not look like a dead worker
    if client.supports(Capability.INSIGHTS):
        _add_insights(client, fresh, recorder)
    return fresh, gone


def _read_listing(client: PlatformClient, account: Account, targets: Sequence[Post],
                  recorder: RunRecorder) -> dict[str, RemotePost]:
    wanted = {post.remote_id for post in targets}
    oldest: datetime = min(post.posted_at for post in targets)
    found: dict[str, RemotePost] = {}
    try:
        for page in client.iter_post_pages(account.remote_id, since=oldest - timedelta(seconds=1)):
            for bad in page.bad_items:
                recorder.record_error(str(bad), remote_id=getattr(bad, "remote_id", "") or "")
            for remote in page.posts:
                if remote.remote_id in wanted:
                    found[remote.remote_id] = remote
            recorder.heartbeat()
            if len(found) == len(wanted):
                break
    except RefusedLink as exc:
        # The posts the listing did not reach are read one by one; the run still says the listing broke off.
        recorder.record_error(f"listing incomplete: {exc}")
    return found


def _add_insights(client: PlatformClient, fresh: dict[str, RemotePost], recorder: RunRecorder) -> None:
    for remote_id, remote in list(fresh.items()):
        recorder.heartbeat()  # one request per post, paced by the app's usage
        try:
            insights = client.get_insights(remote_id)
        except (NotFound, BadPayload, TransientError) as exc:
            recorder.record_error(f"insights: {exc}", remote_id=remote_id)
            continue
        merged = replace(remote.metrics, views=insights.views, reach=insights.reach, saved=insights.saved)
        fresh[remote_id] = replace(remote, metrics=merged)
