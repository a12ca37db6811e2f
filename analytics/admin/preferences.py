"""Admin for staff users' preferences (their time zone); each user sets their own under "My preferences"."""

from __future__ import annotations

from django.contrib import admin

from analytics.admin.base import BaseAdmin
from analytics.models import UserPreferences


@admin.register(UserPreferences)
class UserPreferencesAdmin(BaseAdmin):
    """A zone set here for someone else applies from their next sign-in (the session keeps the zone)."""

    list_display = ["user", "time_zone"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
