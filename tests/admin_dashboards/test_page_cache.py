"""The unified dashboard's page is cached per session: never shared, bypassed for messages, renewed by a roll-up."""

from __future__ import annotations

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse

import admin_dashboards.home
from admin_dashboards.page_cache import page_key
from analytics.services.maintenance.flows import rebuild_rollups
from tests.admin_dashboards.conftest import _user_with

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The users whose dashboard was rendered (unfold calls the callback by its dotted path each time)."""
    rendered, callback = [], admin_dashboards.home.dashboard_callback

    def counting(request, context):
        rendered.append(request.user.username)
        return callback(request, context)

    monkeypatch.setattr(admin_dashboards.home, "dashboard_callback", counting)
    return rendered


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get(INDEX)  # a browser's first page: it now holds its CSRF cookie
    return client


def test_the_second_request_of_a_session_is_served_from_the_cache(viewer, renders):
    client = _signed_in(viewer)
    first = client.get(INDEX).content
    assert client.get(INDEX).content == first
    assert renders == ["viewer", "viewer"]  # the cookie-less first page, then one render for the session


def test_another_user_never_gets_someone_elses_page(viewer, renders):
    other = _user_with("view_post", username="colleague")
    mine, theirs = _signed_in(viewer), _signed_in(other)
    mine.get(INDEX)
    page = theirs.get(INDEX).content.decode()
    assert "colleague" in page
    assert renders == ["viewer", "colleague", "viewer", "colleague"]  # each rendered for its own session


def test_a_second_session_of_the_same_user_gets_its_own_page(viewer, renders):
    first, second = _signed_in(viewer), _signed_in(viewer)
    first.get(INDEX)
    second.get(INDEX)
    assert len(renders) == 4  # each session: its cookie-less page, then its own cached one


def test_each_query_string_has_its_own_entry(viewer, renders):
    client = _signed_in(viewer)
    client.get(INDEX + "?period=7")
    client.get(INDEX + "?period=90")
    client.get(INDEX + "?period=7")
    assert len(renders) == 3


def test_a_bare_index_follows_the_selection_remembered_by_another_dashboard(viewer, renders):
    client = _signed_in(viewer)
    client.get(INDEX)
    client.get(reverse("admin:admin_dashboards_comparison") + "?period=90")  # remembers 90 days
    client.get(INDEX)
    assert len(renders) == 3


def test_pending_messages_bypass_the_cache(viewer, renders, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"  # to queue one here
    client = _signed_in(viewer)
    client.get(INDEX)
    session = client.session
    session["_messages"] = '[["__json_message",0,25,"Export #7 is ready"]]'
    session.save()
    assert "Export #7 is ready" in client.get(INDEX).content.decode()
    assert len(renders) == 3


def test_a_roll_up_renews_the_page(viewer, renders):
    client = _signed_in(viewer)
    client.get(INDEX)
    rebuild_rollups()
    client.get(INDEX)
    assert len(renders) == 3


def test_a_session_without_a_csrf_cookie_is_rendered_each_time(viewer, renders):
    client = Client()
    client.force_login(viewer)
    client.get(INDEX)
    client.cookies.pop("csrftoken")
    client.get(INDEX)
    assert len(renders) == 2


def test_only_get_requests_have_a_key(viewer):
    factory = RequestFactory()
    for request in (factory.get(INDEX), factory.post(INDEX)):
        SessionMiddleware(lambda r: None).process_request(request)
        request.session.save()
        request.user = viewer
        request.META["CSRF_COOKIE"] = "s" * 32
        request._messages = FallbackStorage(request)
        assert (page_key(request)[0] is not None) == (request.method == "GET")


def test_zero_seconds_turns_the_page_cache_off(viewer, renders, settings):
    settings.POSTFLOW = {**settings.POSTFLOW, "DASHBOARD_PAGE_CACHE_SECONDS": 0}
    client = _signed_in(viewer)
    client.get(INDEX)
    assert len(renders) == 2



def test_a_cached_page_reads_only_the_session_the_user_and_the_roll_up_version(viewer, renders,
                                                                              django_assert_max_num_queries):
    client = _signed_in(viewer)
    client.get(INDEX)
    # session, user, the latest roll-up run and the rebuild generation (the shared cache's table)
    with django_assert_max_num_queries(4):
        assert client.get(INDEX).status_code == 200
    assert len(renders) == 2


def test_a_cached_page_keeps_the_content_security_policy_it_was_rendered_with(viewer, renders):
    client = _signed_in(viewer)
    rendered = client.get(INDEX)
    cached = client.get(INDEX)
    assert len(renders) == 2
    assert cached["Content-Security-Policy"] == rendered["Content-Security-Policy"]
    assert cached["Content-Type"] == rendered["Content-Type"]
