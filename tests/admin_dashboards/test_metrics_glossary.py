"""One definition per metric: the Metrics page, card and column tooltips, and rounded number formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from admin_dashboards.templatetags.dashboards import metric, percent
from analytics.selectors import glossary

pytestmark = pytest.mark.django_db


def test_the_metrics_page_lists_every_metric_and_both_placeholders(viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = viewer_client.get(reverse("admin:admin_dashboards_metrics")).content.decode()
    for entry in glossary.METRICS:
        assert escape(entry.definition) in html and escape(entry.formula) in html
    assert escape(glossary.NOT_AVAILABLE) in html and escape(glossary.NOT_FETCHED) in html


def test_every_kpi_card_and_metric_column_shows_its_definition_on_hover(viewer_client, dataset):
    html = viewer_client.get(reverse("admin:index")).content.decode()
    assert f'title="{escape(glossary.BY_KEY["engagement_rate"].help_text)}"' in html
    assert f'title="{escape(glossary.BY_KEY["likes"].help_text)}"' in html
    comparison = viewer_client.get(reverse("admin:admin_dashboards_comparison")).content.decode()
    assert f'title="{escape(glossary.BY_KEY["share_of_total"].help_text)}"' in comparison


@pytest.mark.smoke
def test_numbers_are_rounded_not_cut_off_and_grouped():
    assert percent(0.49, 1) == "0.5 %"
    assert percent(0.011864406779661017, 2) == "0.01 %"
    assert str(metric(1234.56, 1)) == "1,234.6"
    assert str(metric(12345)) == "12,345"


def test_the_docs_state_the_glossarys_definitions():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "dashboards.md").read_text()
    for entry in glossary.METRICS:
        assert entry.definition in docs, entry.key


def test_the_platform_index_opens_the_first_platform_with_accounts(viewer_client):
    from tests import factories

    factories.AccountFactory()  # a Mastodon account only
    response = viewer_client.get(reverse("admin:admin_dashboards_platform_index"))
    assert response.url == reverse("admin:admin_dashboards_platform", args=["mastodon"])
