"""Downloading a dashboard page: PDF and CSV with the page's filters and numbers, for Analysts, within budgets."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from admin_dashboards.caching import empty_caches
from analytics.selectors.periods import Period
from analytics.selectors.posts import top_posts
from tests import factories
from tests.admin_dashboards.conftest import build_dataset, dashboard_urls
from tests.analytics.admin.conftest import staff_group
from tests.caches import SHARED_MISS_QUERIES, with_shared_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, db):
    """An Analyst: views the dashboards and exports (`export_data`), changes nothing."""
    user = factories.UserFactory(username="analyst")
    user.groups.add(staff_group("Analyst"))
    client.force_login(user)
    return client


PAGES = ["index", "platform", "comparison", "post", "hashtags", "best_time", "metrics", "growth", "fans", "content",
         "decay"]


def download_url(page_url: str, fmt: str, **filters) -> str:
    query = urlencode({"dashboard": page_url, **filters})
    return f"{reverse('admin:admin_dashboards_download', args=[fmt])}?{query}"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("page", PAGES)
def test_every_dashboard_page_downloads_as_a_pdf_with_its_footer(analyst_client, dataset, page):
    response = analyst_client.get(download_url(dashboard_urls(dataset.post.pk)[page], "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = _pdf_text(response.content)
    assert "Generated" in text and "Data " in text
    assert re.search(r"Page\s+1\s+of", text)
    assert "Engagement rate" in text  # the glossary's definitions are in the footer


@pytest.mark.parametrize("page", PAGES)
def test_every_dashboard_page_downloads_as_csv(analyst_client, dataset, page):
    response = analyst_client.get(download_url(dashboard_urls(dataset.post.pk)[page], "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] in {"text/csv; charset=utf-8", "application/zip"}


@pytest.mark.smoke
def test_a_page_with_several_tables_downloads_a_zip_of_one_csv_per_table(analyst_client, dataset):
    response = analyst_client.get(download_url(reverse("admin:index"), "csv"))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["top-posts.csv", "hashtags.csv", "sync-runs.csv"]


def test_the_csv_rows_are_the_pages_table_under_the_pages_filters(analyst_client, dataset):
    account = dataset.post.account
    filters = {"period": "30", "account": account.pk}
    page = reverse("admin:admin_dashboards_platform", args=[account.platform])
    archive = zipfile.ZipFile(io.BytesIO(analyst_client.get(download_url(page, "csv", **filters)).content))
    rows = list(csv.DictReader(io.StringIO(archive.read("top-posts.csv").decode())))
    expected = top_posts(Period.last(30), platform=account.platform, accounts=[account.pk], limit=10)
    assert [row["Account"] for row in rows] == [post.account_handle for post in expected] != []
    assert {row["Account"] for row in rows} == {account.handle}
    assert [row["Engagement"] for row in rows] == [str(post.total_engagement) for post in expected]


def test_the_pdf_states_the_period_and_filters_it_was_made_with(analyst_client, dataset):
    account = dataset.post.account
    page = reverse("admin:admin_dashboards_platform", args=[account.platform])
    filters = {"period": "range", "start": "2026-01-01", "end": "2026-01-31", "account": account.pk}
    text = _pdf_text(analyst_client.get(download_url(page, "pdf", **filters)).content)
    assert "1 Jan 2026" in text or "2026-01-01" in text
    assert account.handle in text


def test_a_staff_user_without_export_permission_cannot_download(viewer_client, dataset):
    response = viewer_client.get(download_url(reverse("admin:index"), "pdf"))
    assert response.status_code == 403


def test_only_dashboard_pages_download(analyst_client, dataset):
    for path in [reverse("admin:analytics_account_changelist"), "/nowhere/", "https://evil.example/admin/"]:
        assert analyst_client.get(download_url(path, "csv")).status_code == 404


def test_the_pages_show_download_links_with_their_filters(analyst_client, dataset):
    html = analyst_client.get(reverse("admin:admin_dashboards_hashtags") + "?period=7").content.decode()
    assert "dashboard=/admin/dashboards/hashtags/&amp;period=7" in html.replace("%2F", "/")


# Measured on PostgreSQL: the page view's queries (without its template's) plus the filters' handles and
# the freshness; the same count at 1x and 10x the data.
BUDGETS = with_shared_cache({"index": 17, "platform": 14, "comparison": 9, "post": 12, "hashtags": 10, "best_time": 9,
                             "metrics": 5, "growth": 9, "fans": 12, "content": 11, "decay": 10}, SHARED_MISS_QUERIES)


def _count(client, url) -> int:
    empty_caches()  # a cache miss each time: the index and platform pages cache their roll-up figures
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_downloads_stay_within_a_query_budget_at_any_size(analyst_client, page, django_assert_max_num_queries):
    small = build_dataset(1)
    small_count = _count(analyst_client, download_url(dashboard_urls(small.post.pk)[page], "csv"))
    large = build_dataset(10)
    empty_caches()
    with django_assert_max_num_queries(BUDGETS[page]):
        response = analyst_client.get(download_url(dashboard_urls(large.post.pk)[page], "csv"))
    assert response.status_code == 200
    assert _count(analyst_client, download_url(dashboard_urls(large.post.pk)[page], "pdf")) == small_count


def test_hostile_captions_are_plain_text_and_never_a_spreadsheet_formula(analyst_client, dataset):
    post = dataset.post
    post.caption_text = '=HYPERLINK("https://evil.example","x") <b>bold</b> & co'
    post.save(update_fields=["caption_text"])
    page = reverse("admin:admin_dashboards_platform", args=[post.account.platform])
    archive = zipfile.ZipFile(io.BytesIO(analyst_client.get(download_url(page, "csv")).content))
    captions = [row["Post"] for row in csv.DictReader(io.StringIO(archive.read("top-posts.csv").decode()))]
    assert "'=HYPERLINK(\"https://evil.example\",\"x\") <b>bold</b> & co" in captions
    assert not any(caption.startswith("=") for caption in captions)
