"""Who may open the dashboards: staff with `analytics.view_post`; others are sent to log in or refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analytics.models import SyncKind, SyncRun
from tests.admin_dashboards.conftest import dashboard_urls

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
PAGES = ["index", "platform", "comparison", "post", "hashtags", "best_time"]


@pytest.mark.parametrize("page", PAGES)
def test_a_viewer_sees_every_dashboard(viewer_client, dataset, page):
    assert viewer_client.get(dashboard_urls(dataset.post.pk)[page]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, dataset, page):
    response = client.get(dashboard_urls(dataset.post.pk)[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", [page for page in PAGES if page != "index"])
def test_staff_without_the_view_permission_are_refused(client, outsider, dataset, page):
    client.force_login(outsider)
    assert client.get(dashboard_urls(dataset.post.pk)[page]).status_code == 403


def test_the_index_tells_staff_without_permission_why_it_is_plain(client, outsider, dataset):
    client.force_login(outsider)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Can view post" in response.content
    assert b"pf-kpis" not in response.content


def test_an_unknown_platform_or_post_is_not_found(viewer_client, dataset):
    assert viewer_client.get(reverse("admin:admin_dashboards_platform", args=["friendica"])).status_code == 404
    assert viewer_client.get(reverse("admin:admin_dashboards_post_detail", args=[999999])).status_code == 404


def test_refresh_needs_the_refresh_permission(viewer_client, dataset):
    url = reverse("admin:admin_dashboards_post_refresh", args=[dataset.post.pk])
    assert viewer_client.post(url).status_code == 403
    assert not SyncRun.objects.filter(kind=SyncKind.REFRESH_ENGAGEMENT).exists()


def test_refresh_queues_one_run_and_returns_to_the_post(client, refresher, dataset, django_capture_on_commit_callbacks):
    client.force_login(refresher)
    url = reverse("admin:admin_dashboards_post_refresh", args=[dataset.post.pk])

    response = client.post(url, follow=True)

    run = SyncRun.objects.get(kind=SyncKind.REFRESH_ENGAGEMENT)
    assert run.params["post_ids"] == [dataset.post.pk]
    assert run.triggered_by == refresher
    assert response.redirect_chain[-1][0] == reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])
    assert "1 job queued." in response.content.decode()


def test_refresh_is_post_only(client, refresher, dataset):
    client.force_login(refresher)
    assert client.get(reverse("admin:admin_dashboards_post_refresh", args=[dataset.post.pk])).status_code == 405


def test_the_sidebar_lists_the_dashboards(viewer_client, dataset):
    content = viewer_client.get(reverse("admin:index")).content.decode()
    for name in ("admin_dashboards_comparison", "admin_dashboards_hashtags", "admin_dashboards_best_time"):
        assert reverse(f"admin:{name}") in content
