"""The metrics glossary: one definition per metric, read by KPI cards, column headers, the Metrics page and docs.

Change a definition here and every tooltip, the admin's Metrics page and docs/dashboards.md (pinned by a test)
follow. `NOT_AVAILABLE` and `NOT_FETCHED` say what the two placeholders mean everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_AVAILABLE = "n/a: the platform does not report this metric (e.g. views outside Instagram); never shown as 0."
NOT_FETCHED = "—: the platform reports it, but it has not been fetched yet (or there is nothing to divide by)."


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    name: str
    definition: str
    formula: str
    unit: str

    @property
    def help_text(self) -> str:
        """One line for a tooltip: definition, then the formula."""
        return f"{self.definition} Formula: {self.formula}."


METRICS: tuple[Metric, ...] = (
    Metric("posts_published", "Posts published", "Live posts published in the period by the accounts in scope.",
           "count of posts with a publish time in the period", "posts"),
    Metric("likes", "Likes", "Likes (favourites) held for the period's posts, as last refreshed.",
           "sum of likes over the period's posts", "likes"),
    Metric("comments", "Comments",
           "Every comment in the post's thread, replies to replies included, deleted ones excluded; the same "
           "number on the tile, the thread, the charts, the roll-ups and the exports.",
           "the larger of the thread's comments we store and the platform's own count", "comments"),
    Metric("platform_comments", "Comments (platform's count)",
           "The comment count the platform itself reports: Mastodon and Pixelfed count direct replies only, so "
           "it can be lower than Comments. Shown beside Comments where the two differ.",
           "replies_count (Mastodon, Pixelfed) or comments_count (Instagram) as last fetched", "comments"),
    Metric("shares", "Shares", "Boosts, reblogs or shares of the period's posts.",
           "sum of shares over the period's posts", "shares"),
    Metric("total_engagement", "Total engagement", "Likes, comments and shares together.",
           "likes + comments + shares", "interactions"),
    Metric("avg_engagement_per_post", "Engagement per post", "Average engagement of one post in the period.",
           "total engagement ÷ posts published, rounded to 1 decimal", "interactions per post"),
    Metric("engagement_rate", "Engagement rate",
           "The share of an account's audience that engaged with a post, averaged over the posts in scope; it "
           "always lies between the lowest and highest per-account rate.",
           "per post: engagement ÷ followers of its own account on the publish day x 100; "
           "for a set: the mean of the per-post rates", "%"),
    Metric("followers", "Followers", "Followers of the accounts in scope at the last account refresh.",
           "sum of each account's latest followers count", "accounts"),
    Metric("share_of_total", "Share of total", "This row's part of all engagement in the comparison.",
           "row engagement ÷ engagement of all rows x 100", "%"),
    Metric("views", "Views", "Times the post was shown (Instagram only; n/a elsewhere).",
           "sum of the platform's views over the period's posts", "views"),
    Metric("reach", "Reach", "Distinct accounts the post was shown to (Instagram only; n/a elsewhere).",
           "sum of the platform's reach over the period's posts", "accounts"),
    Metric("growth", "Growth", "Change against the period of the same length just before; \"new\" when "
           "there was nothing before.", "(this period - previous) ÷ previous x 100", "%"),
)

BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}
# Column names used by tables for the same quantity.
ALIASES = {"posts": "posts_published", "engagement_per_post": "avg_engagement_per_post"}


def metric(key: str) -> Metric | None:
    """The glossary entry for a card or column name (aliases included); None for non-metrics."""
    return BY_KEY.get(ALIASES.get(key, key))
