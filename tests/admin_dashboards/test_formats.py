"""One number format and one date format: rounded, grouped numbers; "28 Nov 2026, 10:03" in the viewer's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from admin_dashboards.lead_tables import ContentTable
from admin_dashboards.tables import ComparisonTable
from analytics.models import Account, AccountDailyStats
from analytics.selectors.periods import Period

pytestmark = pytest.mark.django_db


def test_dates_read_the_same_in_lists_cards_and_periods():
    moment = datetime(2026, 3, 29, 21, 30, tzinfo=UTC)
    with timezone.override(ZoneInfo("Europe/Berlin")):
        local = timezone.localtime(moment)
        assert date_format(local, "DATETIME_FORMAT") == date_format(local, "SHORT_DATETIME_FORMAT") \
            == "29 Mar 2026, 23:30"
    assert str(Period(date(2026, 11, 1), date(2026, 11, 28))) == "1 Nov 2026 to 28 Nov 2026"


def test_a_rate_of_0_49_percent_reads_0_49_not_0_4(viewer_client, dataset):
    AccountDailyStats.objects.all().delete()
    account = Account.objects.filter(platform="mastodon").first()
    Account.objects.filter(pk=account.pk).update(followers_count=10000)
    AccountDailyStats.objects.create(account=account, day=timezone.localdate(), posts_published=1, likes=49,
                                     total_engagement=49)  # 49 / 10,000 = 0.49 %

    html = viewer_client.get(reverse("admin:admin_dashboards_comparison")).content.decode()

    assert "0.49 %" in html and "0.4 %" not in html
    assert ComparisonTable.base_columns["engagement_rate"].decimals == 2


def test_the_lead_pages_use_the_same_day_labels_and_rate_rounding(viewer_client, dataset):
    day = timezone.localdate()
    AccountDailyStats.objects.filter(account=dataset.post.account, day=day).update(followers_count=80)
    response = viewer_client.get(reverse("admin:admin_dashboards_growth") + "?period=7")

    assert f'"{day.day} {day:%b}"' in response.context["growth_chart"]  # "28 Nov", not "Nov 28"
    assert ContentTable.base_columns["engagement_rate"].decimals == 2
