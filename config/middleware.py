"""Web-server middleware owned by config: a clean 503 while the database is unreachable."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

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
