"""The team's zone (TIME_ZONE) and each user's own preference: used on every page, chart bucket and export."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from analytics.exports.cells import CellKind, format_cell
from analytics.models import UserPreferences
from analytics.selectors.preferences import SESSION_KEY
from analytics.services.preferences import set_time_zone

pytestmark = pytest.mark.django_db
PAGES = ["admin:index", "admin:admin_dashboards_comparison", "admin:admin_dashboards_hashtags",
         "admin:admin_dashboards_best_time", "admin:admin_dashboards_growth", "admin:admin_dashboards_fans",
         "admin:admin_dashboards_content", "admin:admin_dashboards_decay"]


@pytest.mark.parametrize("page", PAGES)
def test_every_dashboard_uses_the_users_zone(client, viewer, dataset, page):
    set_time_zone(viewer, "America/New_York")
    client.force_login(viewer)

    html = client.get(reverse(page)).content.decode()

    assert "America/New_York" in html


def test_without_a_preference_pages_use_the_teams_zone(viewer_client, dataset, settings):
    html = viewer_client.get(reverse("admin:admin_dashboards_best_time")).content.decode()
    assert f"Times in {settings.TIME_ZONE}" in html


def test_a_user_sets_their_zone_on_my_preferences_and_it_applies_at_once(viewer_client, viewer, dataset):
    url = reverse("admin:admin_dashboards_preferences")
    assert viewer_client.get(url).status_code == 200

    response = viewer_client.post(url, {"time_zone": "Asia/Tokyo"})

    assert response.status_code == 302
    assert UserPreferences.objects.get(user=viewer).time_zone == "Asia/Tokyo"
    assert viewer_client.session[SESSION_KEY] == "Asia/Tokyo"
    assert "Times in Asia/Tokyo" in viewer_client.get(reverse("admin:admin_dashboards_best_time")).content.decode()


def test_an_unknown_zone_is_refused(viewer_client, viewer):
    response = viewer_client.post(reverse("admin:admin_dashboards_preferences"), {"time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert not UserPreferences.objects.filter(user=viewer).exists()


def test_the_zone_is_read_at_sign_in_not_on_every_page(client, viewer, dataset):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_time_zone(viewer, "Europe/Berlin")
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("admin:admin_dashboards_best_time"))

    assert client.session[SESSION_KEY] == "Europe/Berlin"
    assert not [query for query in queries if "userpreferences" in query["sql"]]


def test_export_dates_are_written_in_the_active_zone():
    from django.utils import timezone

    moment = datetime(2026, 3, 29, 21, 30, tzinfo=ZoneInfo("UTC"))
    with timezone.override(ZoneInfo("Europe/Berlin")):
        assert format_cell(moment, CellKind.DATETIME, native=False) == "2026-03-29T23:30:00+02:00"


def test_a_dead_database_does_not_turn_the_zone_lookup_into_a_500(rf):
    from django.db import OperationalError
    from django.http import HttpResponse
    from django.utils import timezone

    from config.middleware import UserTimeZoneMiddleware

    class DeadSession(dict):
        def get(self, *args):
            raise OperationalError("connection refused")

    request = rf.get("/admin/")
    request.session = DeadSession()
    seen = []
    response = UserTimeZoneMiddleware(lambda req: seen.append(timezone.get_current_timezone_name())
                                      or HttpResponse("ok"))(request)

    assert response.status_code == 200 and seen  # the view ran, in the team's zone, and may answer 503 itself
