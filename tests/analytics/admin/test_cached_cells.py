"""The posts list's label, header and checkbox cells are unfold's own markup, rendered once per value."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse
from unfold.admin import checkbox
from unfold.utils import display_for_header, display_for_label

from analytics.admin import display as show
from analytics.admin.posts import PostChangeList
from analytics.models import Post
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return factories.PostFactory()


def test_the_cells_match_what_unfold_renders_for_each_row(post):
    columns = admin.site._registry[Post]
    domain = post.account.instance.base_url.split("://", 1)[-1]

    assert columns.account_column(post) == display_for_header([post.account.handle, domain], "-")
    assert columns.platform_badge(post) == display_for_label(
        (post.platform, post.get_platform_display()), "-", show.PLATFORM_LABELS)
    assert columns.action_checkbox(post) == checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(post.pk))


def test_a_header_is_escaped_and_rendered_once_per_value():
    show._header.cache_clear()
    first = show.cached_header("<b>ann</b>", "example.social")
    again = show.cached_header("<b>ann</b>", "example.social")

    assert first == again and "&lt;b&gt;ann&lt;/b&gt;" in first
    assert show._header.cache_info().hits == 1


def test_row_links_are_the_urls_reverse_gives(post):
    changelist = object.__new__(PostChangeList)  # url_for_result needs nothing of a built changelist

    assert show.post_detail_url(post.pk) == reverse("admin:admin_dashboards_post_detail", args=[post.pk])
    assert changelist.url_for_result(post) == reverse("admin:analytics_post_change", args=[post.pk])
