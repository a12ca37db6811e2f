"""The report's CSV cells: a handle or URL from a platform never starts a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import Report
from analytics.selectors.periods import Period
from analytics.services.reports.content import build_content
from analytics.services.reports.render import render_csvs
from tests.factories import AccountFactory, PostFactory, SummaryFactory

pytestmark = pytest.mark.django_db


def test_a_hostile_handle_is_quoted_in_the_top_posts_csv():
    account = AccountFactory(handle="=cmd|' /C calc'!A0")
    post = PostFactory(account=account, posted_at=timezone.now() - timedelta(days=2))
    SummaryFactory(post=post)
    report = Report.objects.create(name="R", time_zone="UTC", extra_recipients="lead@example.com")
    today = timezone.localdate()
    content = build_content(report, Period(start=today - timedelta(days=7), end=today))
    rows = list(csv.DictReader(io.StringIO(render_csvs(content)["top-posts.csv"])))
    assert rows[0]["account_handle"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["total_engagement"] == str(post.summary.total_engagement)
