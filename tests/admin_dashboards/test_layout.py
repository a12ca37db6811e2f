"""Every dashboard carries the site's logo and favicon; /favicon.ico answers (no 404)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

from tests.admin_dashboards.conftest import dashboard_urls

pytestmark = pytest.mark.django_db
PAGES = ["index", "platform", "comparison", "post", "hashtags", "best_time", "metrics", "growth", "fans", "content",
         "decay"]


@pytest.mark.parametrize("page", PAGES)
def test_every_dashboard_shows_the_logo_and_the_favicon(viewer_client, dataset, page):
    html = viewer_client.get(dashboard_urls(dataset.post.pk)[page]).content.decode()
    assert '<span class="material-symbols-outlined md-18">monitoring</span>' in html  # UNFOLD["SITE_SYMBOL"]
    assert 'rel="icon"' in html and "admin_dashboards/favicon.svg" in html


@pytest.mark.smoke
def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("admin_dashboards/favicon.svg")
    assert finders.find("admin_dashboards/favicon.svg")


@pytest.mark.parametrize("page", [name for name in PAGES if name != "metrics"])
def test_every_data_page_says_how_fresh_its_numbers_are(viewer_client, dataset, page):
    from analytics.models import Account, SyncKind, SyncStatus
    from tests import factories

    factories.SyncRunFactory(account=None, kind=SyncKind.ROLLUP, status=SyncStatus.OK)
    Account.objects.update(last_refreshed_at=None)

    html = viewer_client.get(dashboard_urls(dataset.post.pk)[page]).content.decode()

    assert "Roll-up:" in html and "updated 0" in html  # just now
    assert "Oldest engagement refresh in scope:" in html and "late: older than twice its schedule" in html
