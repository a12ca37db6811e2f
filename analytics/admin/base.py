"""Shared admin base: synced data is read-only in the admin, only services write it."""

from __future__ import annotations

from unfold.admin import ModelAdmin


class SyncedDataAdmin(ModelAdmin):
    """Rows that come from the platforms: staff browse them, the sync engine writes them."""

    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over the whole table on every page

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
