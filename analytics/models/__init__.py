"""The analytics data model: one module per aggregate, re-exported here."""

from analytics.models.accounts import Account
from analytics.models.alerts import Alert, AlertKind, AlertRule, AlertStatus
from analytics.models.audience import Actor
from analytics.models.cache import SHARED_CACHE_TABLE, SharedCacheEntry
from analytics.models.choices import AccountStatus, Granularity, MediaType, Visibility
from analytics.models.content_stats import ContentFeature, ContentHourStats
from analytics.models.decay import CURVE_HOURS, PostDecay
from analytics.models.engagement import Comment, EngagementSummary, Like, Share
from analytics.models.exports import ExportJob, ExportStatus
from analytics.models.fan_rankings import FanRanking
from analytics.models.hashtags import Hashtag, HashtagStats, PostHashtag
from analytics.models.instances import Instance
from analytics.models.oauth import OAuthApp, OAuthAttempt
from analytics.models.posts import Post, PostVersion
from analytics.models.preferences import UserPreferences
from analytics.models.reports import Cadence, DeliveryStatus, Report, ReportDelivery, ReportPeriod
from analytics.models.snapshots import AccountDailyStats, DailyTopPost, MetricSnapshot
from analytics.models.sync_runs import SyncKind, SyncRun, SyncStatus, SyncTrigger

__all__ = [
    "CURVE_HOURS",
    "SHARED_CACHE_TABLE",
    "Account",
    "AccountDailyStats",
    "AccountStatus",
    "Actor",
    "Alert",
    "AlertKind",
    "AlertRule",
    "AlertStatus",
    "Cadence",
    "Comment",
    "ContentFeature",
    "ContentHourStats",
    "DailyTopPost",
    "DeliveryStatus",
    "EngagementSummary",
    "ExportJob",
    "ExportStatus",
    "FanRanking",
    "Granularity",
    "Hashtag",
    "HashtagStats",
    "Instance",
    "Like",
    "MediaType",
    "MetricSnapshot",
    "OAuthApp",
    "OAuthAttempt",
    "Post",
    "PostDecay",
    "PostHashtag",
    "PostVersion",
    "Report",
    "ReportDelivery",
    "ReportPeriod",
    "Share",
    "SharedCacheEntry",
    "SyncKind",
    "SyncRun",
    "SyncStatus",
    "SyncTrigger",
    "UserPreferences",
    "Visibility",
]
