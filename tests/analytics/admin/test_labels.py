"""People read labels, not raw values: choice labels, column names, durations, rates and instance names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule, Success

from analytics.models import EngagementSummary
from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_sync_runs_page_shows_its_status_label_not_the_choice_tuple(admin_client):
    run = factories.SyncRunFactory()
    html = _page(admin_client, reverse("admin:analytics_syncrun_change", args=[run.pk]))
    assert "(&#x27;ok&#x27;" not in html and "('ok'" not in html
    assert ">OK<" in html or "OK\n" in html


def test_an_instances_breadcrumb_is_not_capitalised_like_a_sentence(admin_client):
    instance = factories.InstanceFactory(base_url="http://127.0.0.1:8765")
    html = _page(admin_client, reverse("admin:analytics_instance_change", args=[instance.pk]))
    assert "Http://" not in html
    assert "127.0.0.1:8765" in html


def test_job_pages_label_their_columns_and_round_the_time_taken(admin_client):
    started = timezone.now()
    Success.objects.create(id="a" * 32, name="sync-1", func="analytics.tasks.sync_account", started=started,
                           stopped=started + timedelta(seconds=2.757717), success=True)
    Schedule.objects.create(name="rollups", func="analytics.tasks.rollups")

    tasks = _page(admin_client, reverse("admin:django_q_success_changelist"))
    schedules = _page(admin_client, reverse("admin:django_q_schedule_changelist"))

    assert "Time taken" in tasks and "2.8 s" in tasks and "2.757717" not in tasks
    assert "Last_run" not in schedules and "Last run" in schedules


def test_the_engagement_summaries_list_shows_a_formatted_rate(admin_client):
    summary = factories.SummaryFactory()
    EngagementSummary.objects.filter(pk=summary.pk).update(engagement_rate=0.011864406779661017)

    html = _page(admin_client, reverse("admin:analytics_engagementsummary_changelist"))

    assert "0.011864" not in html
    assert "1.19 %" in html
