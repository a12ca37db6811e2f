"""Which time zone a staff user sees: their own preference, else the team's (the TIME_ZONE setting)."""

from __future__ import annotations

import zoneinfo

from django.conf import settings

from analytics.models import UserPreferences

SESSION_KEY = "postflow_time_zone"


def team_time_zone() -> str:
    """The site-wide zone: roll-up days and anyone without a preference use it."""
    return settings.TIME_ZONE


def user_time_zone(user) -> str:
    """The user's chosen zone name, or the team's when they chose none (one query)."""
    if not getattr(user, "is_authenticated", False):
        return team_time_zone()
    chosen = UserPreferences.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return chosen or team_time_zone()


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """A ZoneInfo for a stored name; an unknown or empty name falls back to the team's zone."""
    try:
        return zoneinfo.ZoneInfo(name or team_time_zone())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(team_time_zone())
