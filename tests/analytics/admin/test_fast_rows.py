"""The fast changelist rows are unfold's rows, cell for cell, on every analytics list and with filters kept."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import resolve, reverse
from unfold.templatetags import unfold_list

from analytics.models import Post
from analytics.templatetags.fast_rows import fast_results
from tests import factories
from tests.analytics.admin.factories_extra import populate

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "analytics"]


def _changelist(model, superuser, query: str = ""):
    url = reverse(f"admin:analytics_{model._meta.model_name}_changelist")
    request = RequestFactory().get(f"{url}?{query}")
    request.user = superuser
    request.resolver_match = resolve(url)  # the admin keeps the list's filters only for a resolved request
    return admin.site._registry[model].get_changelist_instance(request)


def _rows(results) -> list[tuple[int, list[str]]]:
    return [(row.instance.pk, [str(cell) for cell in row]) for row in results]


@pytest.fixture
def listed_data():
    populate(4)
    deleted = factories.SummaryFactory(post__caption_text='<script>alert("x")</script> & "quotes"').post
    deleted.deleted_at = deleted.posted_at
    deleted.save(update_fields=["deleted_at"])
    factories.PostFactory(caption_text="", preview_url="", media_url="")  # no summary, no caption, no media


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.model_name)
def test_every_list_gets_unfolds_cells(model, listed_data, superuser):
    changelist = _changelist(model, superuser)

    assert _rows(fast_results(changelist)) == _rows(unfold_list.results(changelist))


@pytest.mark.parametrize("query", ["o=-6", "platform=mastodon&o=2", "q=Post", "deleted=yes", "p=1"])
def test_posts_rows_keep_the_lists_filters_in_their_links(query, listed_data, superuser):
    changelist = _changelist(Post, superuser, query)
    fast = _rows(fast_results(changelist))

    assert fast == _rows(unfold_list.results(changelist))
    if query != "p=1":  # the page number is not a filter
        assert all("_changelist_filters=" in " ".join(cells) for _pk, cells in fast)


def test_a_row_joins_its_cells_escaped(listed_data, superuser):
    rows = list(fast_results(_changelist(Post, superuser, "deleted=yes")))

    assert rows and all(row.html == "".join(row) for row in rows)
    assert "<script>" not in "".join(row.html for row in rows)


def test_the_posts_page_shows_the_fast_rows(admin_client, listed_data):
    response = admin_client.get(reverse("admin:analytics_post_changelist"))

    assert response.status_code == 200
    posts = Post.all_objects.all()  # the list shows deleted posts too (labelled)
    body = response.content.decode()
    assert body.count('class="data-row relative"') == posts.count()
    for post in posts:
        assert reverse("admin:analytics_post_change", args=[post.pk]) in body


@pytest.mark.parametrize("special", ["is_popup", "ordering_field"])
def test_lists_unfold_draws_itself_still_get_joined_rows(special, listed_data, superuser, monkeypatch):
    changelist = _changelist(Post, superuser)
    if special == "is_popup":
        changelist.is_popup = True
    else:  # a drag-sorted list hides its ordering column, which only unfold's path knows
        monkeypatch.setattr(changelist.model_admin, "ordering_field", "posted_at", raising=False)

    rows = list(fast_results(changelist))
    assert _rows(rows) == _rows(unfold_list.results(changelist))
    assert rows and all(row.html == "".join(str(cell) for cell in row) for row in rows)
