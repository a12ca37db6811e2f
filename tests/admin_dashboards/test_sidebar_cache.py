"""Every admin page's sidebar is cached per session and page: never shared, its CSRF token still valid, badges
at most SIDEBAR_CACHE_SECONDS old, and rendered as usual when HTML must not be reused."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.models import SyncStatus
from tests import factories
from tests.admin_dashboards.conftest import _user_with

pytestmark = pytest.mark.django_db
POSTS = reverse("admin:analytics_post_changelist")
RUNS = reverse("admin:analytics_syncrun_changelist")


def _sidebar(page: bytes) -> str:
    html = page.decode()
    return html[html.index('id="nav-sidebar-inner"'):html.index("</nav>", html.index('id="nav-sidebar-inner"'))]


def _badge(page: bytes) -> str | None:
    """The failed-runs badge beside "Sync runs" in the sidebar, if shown."""
    found = re.search(r"Sync runs\s*</span>\s*<span[^>]*>\s*(\d+)\s*</span>", _sidebar(page))
    return found.group(1) if found else None


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get(POSTS)  # a browser's first page: it now holds its CSRF cookie
    return client


@pytest.fixture
def operator(db):
    user = _user_with("view_post", "view_syncrun", username="ops-maria")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_a_reload_reuses_the_sidebar_and_its_badge_follows_after_the_timeout(operator, settings):
    client = _signed_in(operator)
    factories.SyncRunFactory(status=SyncStatus.FAILED)
    first = client.get(POSTS).content  # cached with the badge "1"
    factories.SyncRunFactory(status=SyncStatus.FAILED)

    assert _badge(first) == "1"
    assert _badge(client.get(POSTS).content) == "1"  # the same sidebar, at most SIDEBAR_CACHE_SECONDS old
    settings.POSTFLOW = {**settings.POSTFLOW, "SIDEBAR_CACHE_SECONDS": 0}
    assert _badge(client.get(POSTS).content) == "2"


def test_the_cached_sidebar_saves_its_badge_queries(operator):
    client = _signed_in(operator)
    client.get(POSTS)
    with CaptureQueriesContext(connection) as reload:
        client.get(POSTS)

    badge_tables = ('FROM "analytics_syncrun"', 'FROM "analytics_account"')  # failed runs, failing accounts
    assert reload.captured_queries
    assert not [query["sql"] for query in reload.captured_queries if any(t in query["sql"] for t in badge_tables)]


def test_each_page_has_its_own_sidebar_with_its_own_active_link(operator):
    client = _signed_in(operator)
    on_posts, on_runs = _sidebar(client.get(POSTS).content), _sidebar(client.get(RUNS).content)

    assert on_posts != on_runs


def test_another_user_never_gets_someone_elses_sidebar(operator):
    viewer = _user_with("view_post", username="viewer-only")
    operators = _signed_in(operator)
    assert RUNS in _sidebar(operators.get(POSTS).content)  # cached for the operator, with "Sync runs"

    viewers = _signed_in(viewer)
    assert RUNS not in _sidebar(viewers.get(POSTS).content)  # the operator's link is not the viewer's to see
    assert RUNS not in _sidebar(viewers.get(POSTS).content)  # nor is it in the viewer's own cached sidebar


def test_a_permission_taken_away_shows_once_the_entry_expires(operator, settings):
    client = _signed_in(operator)
    assert RUNS in _sidebar(client.get(POSTS).content)
    operator.user_permissions.remove(Permission.objects.get(codename="view_syncrun"))
    settings.POSTFLOW = {**settings.POSTFLOW, "SIDEBAR_CACHE_SECONDS": 0}

    assert RUNS not in _sidebar(client.get(POSTS).content)
    assert client.get(RUNS).status_code == 403  # the view never trusted the sidebar


def test_the_cached_logout_form_still_signs_out(operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    client.get(POSTS)
    page = client.get(POSTS).content.decode()  # its sidebar from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _sidebar(page.encode())).group(1)

    response = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert client.get(POSTS).status_code == 302  # signed out: back to the login page
