"""Admin for time series and roll-ups: snapshots, account daily stats, hashtag stats."""

from __future__ import annotations

from django.contrib import admin

from analytics.admin.base import SyncedDataAdmin
from analytics.models import AccountDailyStats, HashtagStats, MetricSnapshot


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(SyncedDataAdmin):
    list_display = ["post", "captured_at", "granularity", "likes", "comments", "shares", "total_engagement"]
    list_filter = ["granularity"]
    list_select_related = ["post"]
    raw_id_fields = ["post"]


@admin.register(AccountDailyStats)
class AccountDailyStatsAdmin(SyncedDataAdmin):
    list_display = ["account", "day", "posts_published", "likes", "comments", "shares", "total_engagement"]
    list_select_related = ["account"]


@admin.register(HashtagStats)
class HashtagStatsAdmin(SyncedDataAdmin):
    list_display = ["hashtag", "platform", "granularity", "period_start", "posts_count", "total_engagement"]
    list_filter = ["granularity", "platform"]
    list_select_related = ["hashtag"]
