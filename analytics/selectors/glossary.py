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
    Metric("growth", "Growth", "Change against the period chosen in \"Compare to\" (by default the period of "
           "the same length just before, or the same days last year); \"new\" when it grew from nothing or by more "
           "than 1,000 % (a near-empty base).", "(this period - compared period) ÷ compared period x 100", "%"),
    Metric("followers_net_change", "Net follower change",
           "Followers gained minus followers lost over the period, from the daily follower history.",
           "followers on the last known day of the period - followers on the first known day", "followers"),
    Metric("follower_growth", "Follower growth",
           "The net change as a share of the audience the period started with; \"new\" when it started "
           "under 10 followers.", "net change ÷ followers on the first known day x 100", "%"),
    Metric("fan_engagement", "Fan engagement",
           "Likes, shares and comments one audience member gave the period's posts (undone ones left out).",
           "likes + shares + comments by that person", "interactions"),
    Metric("last_engaged", "Last engaged",
           "The newest time this person liked, shared or commented on one of the period's posts.",
           "latest event time held (estimated times included)", "date and time"),
    Metric("sample_size", "Posts (sample)",
           "How many posts a group's averages rest on; groups under 3 posts are marked as a small sample.",
           "count of the group's live posts in the period", "posts"),
    Metric("hours_to_half", "Time to 50 %",
           "Hours after publication until half of a post's engagement had arrived, from real event times.",
           "median over posts with at least 5 timed events of the hour of the event that reached 50 %", "hours"),
    Metric("hours_to_ninety", "Time to 90 %",
           "Hours after publication until 90 % of a post's engagement had arrived, from real event times.",
           "median over posts with at least 5 timed events of the hour of the event that reached 90 %", "hours"),
    Metric("decay_curve", "Cumulative share",
           "The part of a post's engagement that had arrived N hours after publication, averaged over posts.",
           "mean over posts of (timed events up to hour N ÷ all timed events) x 100", "%"),
)

BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}
# Column names used by tables for the same quantity.
ALIASES = {"posts": "posts_published", "engagement_per_post": "avg_engagement_per_post",
           "net_change": "followers_net_change", "growth_percent": "follower_growth", "total": "fan_engagement",
           "last_engaged_at": "last_engaged", "median_hours_to_half": "hours_to_half",
           "median_hours_to_ninety": "hours_to_ninety"}


def metric(key: str) -> Metric | None:
    """The glossary entry for a card or column name (aliases included); None for non-metrics."""
    return BY_KEY.get(ALIASES.get(key, key))
