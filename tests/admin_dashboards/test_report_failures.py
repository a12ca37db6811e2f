"""Failed report deliveries show in the unified dashboard's sync-health panel, with their retry state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from admin_dashboards.caching import empty_caches
from analytics.models import DeliveryStatus, Report, ReportDelivery
from tests import factories
from tests.analytics.admin.conftest import staff_group
from tests.caches import SHARED_MISS_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, db):
    user = factories.UserFactory(username="analyst")
    user.groups.add(staff_group("Analyst"))
    client.force_login(user)
    return client


def _delivery(name: str, status: str, *, days_ago: float = 0, **fields) -> ReportDelivery:
    report = Report.objects.create(name=name, extra_recipients="lead@example.com")
    return ReportDelivery.objects.create(report=report, slot=timezone.now() - timedelta(days=days_ago),
                                         status=status, attempts=2, **fields)


def test_a_failing_delivery_shows_in_sync_health_with_its_error_and_next_attempt(analyst_client):
    _delivery("Weekly digest", DeliveryStatus.RETRYING, error="SMTPServerDisconnected: Connection unexpectedly closed",
              next_attempt_at=timezone.now() + timedelta(minutes=15))
    _delivery("Monthly board", DeliveryStatus.FAILED, days_ago=1, error="SMTPAuthenticationError: 535")
    html = analyst_client.get(reverse("admin:index")).content.decode()
    assert "Report deliveries that failed" in html
    assert "Weekly digest" in html and "Connection unexpectedly closed" in html and "next" in html
    assert "Monthly board" in html and "SMTPAuthenticationError" in html
    assert reverse("admin:analytics_reportdelivery_changelist") in html


def test_sent_and_old_failures_do_not_show(analyst_client):
    _delivery("Sent fine", DeliveryStatus.SENT)
    _delivery("Long ago", DeliveryStatus.FAILED, days_ago=8, error="old")
    html = analyst_client.get(reverse("admin:index")).content.decode()
    assert "Report deliveries that failed" not in html


def test_staff_who_cannot_view_deliveries_do_not_see_them(viewer_client):
    _delivery("Weekly digest", DeliveryStatus.FAILED, error="boom")
    html = viewer_client.get(reverse("admin:index")).content.decode()
    assert "Weekly digest" not in html


def _count(client) -> int:
    empty_caches()  # count a cache miss each time: the dashboard's own figures are cached between requests
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


def test_the_panel_costs_one_query_however_many_failures(analyst_client, django_assert_max_num_queries):
    _delivery("Report 0", DeliveryStatus.RETRYING, error="down")
    one = _count(analyst_client)
    for number in range(1, 20):
        _delivery(f"Report {number}", DeliveryStatus.RETRYING, error="down")
    # The index's budget for an Analyst (group permissions) plus this panel's one query and the token panel's.
    empty_caches()
    with django_assert_max_num_queries(20 + SHARED_MISS_QUERIES):
        assert analyst_client.get(reverse("admin:index")).status_code == 200
    assert _count(analyst_client) == one
