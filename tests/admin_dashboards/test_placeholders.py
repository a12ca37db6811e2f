"""The two placeholders mean what the glossary says: "n/a" not reported by the platform, "—" not fetched yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admin_dashboards.templatetags.dashboards import metric, percent
from analytics.models import EngagementSummary
from analytics.selectors import glossary
from analytics.services.maintenance.rollups import rebuild_account_daily_stats
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_missing_number_is_not_fetched_yet_not_na():
    assert ">—<" in str(metric(None)) and glossary.NOT_FETCHED in str(metric(None))
    assert ">—<" in str(percent(None))


def test_a_post_without_counts_yet_shows_dashes_and_mastodon_insights_na(viewer_client):
    post = factories.PostFactory()  # Mastodon, never refreshed: no summary

    html = viewer_client.get(reverse("admin:admin_dashboards_post_detail", args=[post.pk])).content.decode()

    assert html.count('class="pf-missing"') == 4  # likes, comments, shares, total: not fetched yet
    assert html.count('class="pf-na"') >= 3  # views, reach, saved: Mastodon does not report them


def test_instagram_insights_not_fetched_yet_are_dashes_on_the_comparison(viewer_client, dataset):
    EngagementSummary.objects.filter(post__platform="instagram").update(views=None, reach=None)
    rebuild_account_daily_stats()  # the comparison reads views and reach from the daily roll-up

    html = viewer_client.get(reverse("admin:admin_dashboards_comparison")).content.decode()
    instagram_row = html.split("Instagram</td>")[1].split("</tr>")[0]

    assert instagram_row.count('class="pf-missing"') == 2  # views and reach: reported by Instagram, not fetched
