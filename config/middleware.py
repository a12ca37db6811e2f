"""Web-server middleware owned by config: a clean 503 while the database is unreachable, the user's time zone."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils import timezone

from analytics.selectors.preferences import SESSION_KEY, user_time_zone, zone

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
OUTAGE_PAGE = ("<!doctype html><title>PostFlow is unavailable</title>"
               "<h1>PostFlow is briefly unavailable</h1>"
               "<p>The database cannot be reached. Please try again in a minute.</p>")


class DatabaseUnavailableMiddleware:
    """Answers 503 with a short retry message, never a traceback or settings, when a view hits a dead database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        response = HttpResponse(OUTAGE_PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class UserTimeZoneMiddleware:
    """Activates the signed-in user's time zone (their preference, else TIME_ZONE) for the whole request, so
    every page, chart bucket and export date uses it. The zone is read from the session, filled at sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(zone(self._zone_name(request)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def _zone_name(request) -> str | None:
        session = getattr(request, "session", None)
        if session is None:
            return None
        try:
            name = session.get(SESSION_KEY)
            if name is None and request.user.is_authenticated:
                name = session[SESSION_KEY] = user_time_zone(request.user)  # a session older than this setting
        except (OperationalError, InterfaceError):
            return None  # the database is down: the view answers 503 (DatabaseUnavailableMiddleware)
        return name
