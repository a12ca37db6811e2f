"""DEBUG error pages never show a connection URL's password."""

from __future__ import annotations

from django.test import RequestFactory
from django.views.debug import get_default_exception_reporter_filter


def test_database_and_redis_urls_are_hidden_on_debug_pages(settings):
    settings.DATABASE_URL = "postgres://postflow:hunter2@db:5432/postflow"
    settings.Q_REDIS_URL = "redis://:hunter2@redis:6379/0"
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                     "LOCATION": "redis://:hunter2@redis:6379/1"}}
    safe = get_default_exception_reporter_filter().get_safe_settings()
    assert "hunter2" not in repr(safe)
    assert "hunter2" not in repr(safe.get("DATABASES"))
    assert "RedisCache" in repr(safe["CACHES"])  # the rest of the setting still shows


def _configure(settings):
    # Set outside the traceback's frames: the page shows the failing lines' source.
    settings.DEBUG = True
    settings.DATABASE_URL = "postgres://postflow:" + "hunter2" + "@db:5432/postflow"


def test_a_view_error_page_under_debug_does_not_show_the_password(settings):
    from django.views.debug import technical_500_response

    _configure(settings)
    request = RequestFactory().get("/")
    try:
        raise ValueError("boom")
    except ValueError as error:
        import sys

        response = technical_500_response(request, *sys.exc_info(), status_code=500)
        assert error
    page = response.content.decode()
    settings_table = page[page.index('id="settings-info"'):]
    assert "DATABASE_URL" in settings_table
    assert "hunter2" not in settings_table
