"""The posts list's filter panel is rendered once per query string (and language), then served from the cache."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from unfold.templatetags import unfold_list

from tests import factories

pytestmark = pytest.mark.django_db
POSTS = reverse("admin:analytics_post_changelist")
RUNS = reverse("admin:analytics_syncrun_changelist")


@pytest.fixture
def filter_renders(monkeypatch) -> list[str]:
    """The title of every filter unfold renders."""
    rendered, render = [], unfold_list.unfold_admin_list_filter

    def counting(cl, spec, *args, **kwargs):
        rendered.append(str(spec.title))
        return render(cl, spec, *args, **kwargs)

    monkeypatch.setattr(unfold_list, "unfold_admin_list_filter", counting)
    return rendered


def _panel(page: bytes) -> str:
    html = page.decode()
    start = html.index('id="changelist-filter"')
    return html[start:html.index("</form>", html.index('id="filter-form"', start))]


def test_a_reload_reuses_the_panel(admin_client, filter_renders):
    factories.PostFactory()
    first = admin_client.get(POSTS).content
    rendered = len(filter_renders)

    assert rendered >= 9  # every filter of the posts list, once
    assert _panel(admin_client.get(POSTS).content) == _panel(first)
    assert len(filter_renders) == rendered


def test_each_query_string_has_its_own_panel_with_its_own_selection(admin_client, filter_renders):
    factories.PostFactory()
    unfiltered = _panel(admin_client.get(POSTS).content)
    instagram = _panel(admin_client.get(POSTS + "?platform__exact=instagram").content)

    assert unfiltered != instagram
    chosen = re.compile(r'value="instagram"[^>]*selected')
    assert chosen.search(instagram) and not chosen.search(unfiltered)


def test_lists_that_do_not_opt_in_render_their_filters_every_time(admin_client, filter_renders):
    admin_client.get(RUNS)
    rendered = len(filter_renders)
    admin_client.get(RUNS)

    assert rendered and len(filter_renders) == 2 * rendered
