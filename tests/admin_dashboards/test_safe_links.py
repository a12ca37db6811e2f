"""A post's stored url, media_url and preview_url become links or image sources only when they are http(s):
a `javascript:` (or `data:`) value from a hostile platform is rendered nowhere as href or src."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from analytics.models import Post
from tests.admin_dashboards.conftest import dashboard_urls

pytestmark = pytest.mark.django_db
HOSTILE = "javascript:alert(document.cookie)"
UNSAFE_ATTRIBUTE = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|data):""", re.IGNORECASE)


def _pages(post_id: int) -> dict[str, str]:
    return {**dashboard_urls(post_id),
            "post_list": reverse("admin:analytics_post_changelist"),
            "post_change": reverse("admin:analytics_post_change", args=[post_id])}


@pytest.mark.smoke
@pytest.mark.parametrize("page", list(_pages(1)))
def test_a_javascript_url_on_a_post_is_never_a_link_or_image_source(admin_client, dataset, page):
    Post.all_objects.filter(pk=dataset.post.pk).update(url=HOSTILE, media_url=HOSTILE, preview_url=HOSTILE)

    response = admin_client.get(_pages(dataset.post.pk)[page])

    assert response.status_code == 200
    assert not UNSAFE_ATTRIBUTE.search(response.content.decode())


def test_an_unsafe_preview_falls_back_to_a_safe_media_url(admin_client, dataset):
    Post.all_objects.filter(pk=dataset.post.pk).update(preview_url="data:image/svg+xml,<svg/onload=alert(1)>",
                                                       media_url="https://files.example/full.jpg")

    html = admin_client.get(reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])).content.decode()

    assert 'src="https://files.example/full.jpg"' in html
    assert not UNSAFE_ATTRIBUTE.search(html)


@pytest.mark.smoke
@pytest.mark.parametrize("host", ["10.0.0.5", "169.254.169.254", "100.64.1.1", "[::1]", "localhost", "127.1"])
def test_a_stored_url_on_a_private_host_is_never_a_link_or_image_source(admin_client, dataset, host, settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False
    private = f"https://{host}/latest/meta-data/x.jpg"
    Post.all_objects.filter(pk=dataset.post.pk).update(url=private, media_url=private, preview_url=private)

    for page, url in _pages(dataset.post.pk).items():
        html = admin_client.get(url).content.decode()
        assert f'="https://{host}/' not in html, page


def test_a_loopback_media_url_renders_when_insecure_urls_are_allowed(admin_client, dataset, settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = True  # the demo's sandbox serves media on 127.0.0.1
    Post.all_objects.filter(pk=dataset.post.pk).update(preview_url="http://127.0.0.1:8765/media/a.svg")

    html = admin_client.get(reverse("admin:admin_dashboards_post_detail", args=[dataset.post.pk])).content.decode()

    assert 'src="http://127.0.0.1:8765/media/a.svg"' in html
