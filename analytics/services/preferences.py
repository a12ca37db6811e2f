"""Write a staff user's display preferences (their time zone) and keep their session's copy in step."""

from __future__ import annotations

from analytics.models import UserPreferences
from analytics.selectors.preferences import SESSION_KEY, user_time_zone


def set_time_zone(user, time_zone: str, *, session=None) -> UserPreferences:
    """Store the zone ("" = the team's); `session`, when given, follows at once (else at the next sign-in)."""
    prefs, _ = UserPreferences.objects.update_or_create(user=user, defaults={"time_zone": time_zone})
    if session is not None:
        session[SESSION_KEY] = user_time_zone(user)
    return prefs


def remember_time_zone(request, user) -> None:
    """On sign-in: put the user's zone in the session, so no page has to look it up again."""
    request.session[SESSION_KEY] = user_time_zone(user)
