"""The growth, fans, content and decay pages download like the others: every table a CSV, deltas as on the page."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from admin_dashboards.downloads.document import document_from_context
from admin_dashboards.filters import Criteria
from analytics.selectors.periods import NEW, Period
from tests.admin_dashboards.test_downloads import analyst_client, download_url  # noqa: F401

pytestmark = pytest.mark.django_db


def _archive(client, name: str) -> zipfile.ZipFile:
    response = client.get(download_url(reverse(f"admin:admin_dashboards_{name}"), "csv"))
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_content_page_downloads_one_csv_per_grouping(analyst_client, dataset):  # noqa: F811
    archive = _archive(analyst_client, "content")
    assert archive.namelist() == ["media.csv", "caption.csv", "hashtags.csv", "hour.csv"]
    media = list(csv.DictReader(io.StringIO(archive.read("media.csv").decode())))
    assert sum(int(row["Posts (sample)"]) for row in media) == 10  # the dataset's 10 posts


def test_the_fans_page_downloads_the_overall_ranking_and_one_per_account(analyst_client, dataset):  # noqa: F811
    names = _archive(analyst_client, "fans").namelist()
    handle = dataset.post.account.handle
    assert names[0] == "fans.csv"
    assert any(name.startswith("fans-") and name.endswith(".csv") for name in names[1:])
    assert any(handle.split("@")[0].lower().replace("_", "-").strip("-") in name for name in names[1:])


def test_a_kpi_that_grew_from_a_near_empty_base_reads_new_in_a_download(db):
    card = {"title": "Likes", "value": 40, "suffix": None, "delta": NEW}
    criteria = Criteria(period=Period(date(2026, 11, 1), date(2026, 11, 28)), compare="year")
    document = document_from_context({"title": "Unified", "criteria": criteria, "kpi_cards": [card],
                                      "compares": True})
    assert document.kpis == [("Likes", "40", "new")]
    assert ("Compared with", "the same period last year") in document.filters
