"""Posts for the dashboards: the top posts of a period and one post's header, freshness and history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F

from analytics.models import DailyTopPost, EngagementSummary, Post, PostVersion
from analytics.selectors.capabilities import has_insights
from analytics.selectors.periods import Period
from analytics.selectors.scope import scoped

ORDERINGS = ("total_engagement", "likes", "comments", "shares", "engagement_rate", "views", "posted_at")


@dataclass(frozen=True, slots=True)
class TopPost:
    pk: int
    platform: str
    platform_label: str
    account_handle: str
    caption: str
    preview_url: str
    url: str
    posted_at: datetime
    likes: int | None
    comments: int | None
    shares: int | None
    total_engagement: int | None
    engagement_rate: float | None
    views: int | None
    reach: int | None


@dataclass(frozen=True, slots=True)
class Freshness:
    label: str
    fetched_at: datetime | None
    available: bool = True


@dataclass(frozen=True, slots=True)
class PostOverview:
    post: Post
    summary: EngagementSummary | None
    reports_insights: bool

    @property
    def freshness(self) -> list[Freshness]:
        """When each group of metrics was last fetched (None: never)."""
        summary = self.summary

        def at(name: str):
            return getattr(summary, name) if summary else None

        return [
            Freshness("Counts", at("counts_fetched_at")),
            Freshness("Likers and sharers", at("engagers_fetched_at")),
            Freshness("Comments", at("comments_fetched_at")),
            Freshness("Insights (views, reach, saved)", at("insights_fetched_at"), self.reports_insights),
        ]


def top_posts(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
              order_by: str = "total_engagement", limit: int = 10) -> list[TopPost]:
    """The live posts published in the period, best first by a summary metric (one query)."""
    if order_by not in ORDERINGS:
        raise ValueError(f"Cannot order top posts by {order_by!r}.")
    posts = scoped(Post.objects.posted_between(period.start_at, period.end_at), platform=platform,
                   accounts=accounts, platform_field="platform")
    key = F(order_by) if order_by == "posted_at" else F(f"summary__{order_by}")
    posts = posts.select_related("account", "summary").order_by(key.desc(nulls_last=True), "-pk")[:limit]
    return [_top_post(post) for post in posts]


def ranked_top_posts(period: Period, *, platform: str | None = None, accounts: Sequence[int] | None = None,
                     limit: int = 10) -> list[TopPost]:
    """The dashboards' top posts by total engagement, chosen among the period's DailyTopPost candidates.

    Every post of a period's top `limit` is among the top DailyTopPost.PER_DAY of its own day and platform,
    so the query sorts a few rows per day, then reads twice `limit` posts by primary key (a candidate may
    have been deleted since), instead of joining every summary (one query). The ranking is the last
    roll-up's, like the KPIs beside it; the values shown are live. An account filter reads that account's
    posts directly (post_by_account_posted_at), which is small; a larger `limit` falls back to top_posts.
    """
    if accounts or limit > DailyTopPost.PER_DAY:
        return top_posts(period, platform=platform, accounts=accounts, limit=limit)
    candidates = DailyTopPost.objects.filter(day__gte=period.start, day__lte=period.end)
    if platform:
        candidates = candidates.filter(platform=platform)
    best = candidates.order_by(F("total_engagement").desc(nulls_last=True), "-post_id").values("post_id")[:limit * 2]
    posts = Post.objects.filter(pk__in=best).select_related("account", "summary").order_by(
        F("summary__total_engagement").desc(nulls_last=True), "-pk")[:limit]
    return [_top_post(post) for post in posts]


def _top_post(post: Post) -> TopPost:
    summary = getattr(post, "summary", None)

    def value(name: str):
        return getattr(summary, name) if summary else None

    return TopPost(
        pk=post.pk, platform=post.platform, platform_label=post.get_platform_display(),
        account_handle=post.account.handle, caption=_excerpt(post.caption_text), preview_url=post.preview_url,
        url=post.url, posted_at=post.posted_at, likes=value("likes"), comments=value("comments"),
        shares=value("shares"), total_engagement=value("total_engagement"),
        engagement_rate=value("engagement_rate"), views=value("views"), reach=value("reach"),
    )


def post_overview(post_id: int) -> PostOverview:
    """One post (deleted ones too, flagged) with its account and summary (one query)."""
    post = Post.all_objects.select_related("account__instance", "summary").get(pk=post_id)
    summary = getattr(post, "summary", None)  # the missing-row error is an AttributeError
    return PostOverview(post=post, summary=summary, reports_insights=has_insights(post.platform))


def post_versions(post: Post | int, *, limit: int = 20) -> list[PostVersion]:
    """The post's edit history, newest first (one query)."""
    return list(PostVersion.objects.filter(post_id=getattr(post, "pk", post)).order_by("-version_at")[:limit])


def _excerpt(text: str, length: int = 80) -> str:
    text = " ".join((text or "").split())
    return text[:length] + ("…" if len(text) > length else "")
