"""The report's chart (e-mail and PDF) holds the unified dashboard's "Engagement over time" numbers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import AccountDailyStats, Report
from analytics.selectors.periods import Period
from analytics.selectors.timelines import engagement_over_time
from analytics.services.reports.content import build_content
from analytics.services.reports.render import render_html, timeline_chart
from tests.factories import AccountFactory
from tests.svg import svg_series

pytestmark = pytest.mark.django_db
TZ = "Europe/Berlin"


def _report_over_a_week():
    today = timezone.localdate()
    mine, other = AccountFactory(handle="mine"), AccountFactory(handle="other")
    for day in range(1, 8):
        for account, engagement in ((mine, 10 * day), (other, 1000)):
            AccountDailyStats.objects.create(account=account, day=today - timedelta(days=day), posts_published=1,
                                             likes=engagement, comments=0, shares=0, total_engagement=engagement,
                                             followers_count=100)
    report = Report.objects.create(name="Weekly", time_zone=TZ, extra_recipients="lead@example.com")
    report.accounts.add(mine)
    return report, mine, Period(start=today - timedelta(days=7), end=today - timedelta(days=1))


def test_the_report_chart_series_equal_the_dashboards_selector(settings):
    report, mine, period = _report_over_a_week()
    content = build_content(report, period)
    with timezone.override(TZ):
        points = engagement_over_time(period, accounts=[mine.pk])
    html = render_html(content)
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL)[0]
    assert svg_series(svg) == [[p.total_engagement for p in points], [p.posts_published for p in points]]
    assert 1000.0 not in svg_series(svg)[0]  # the other account is out of scope


def test_the_pdf_takes_the_chart_as_a_data_image():
    report, _mine, period = _report_over_a_week()
    html = render_html(build_content(report, period), for_pdf=True)
    assert 'src="data:image/svg+xml;base64,' in html and "<svg" not in html


def test_a_period_without_data_has_no_chart():
    report = Report.objects.create(name="Empty", time_zone=TZ, extra_recipients="lead@example.com")
    today = timezone.localdate()
    content = build_content(report, Period(start=today - timedelta(days=7), end=today - timedelta(days=1)))
    assert timeline_chart(content).is_empty
    assert "<svg" not in render_html(content)
