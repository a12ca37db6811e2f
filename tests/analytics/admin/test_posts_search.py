"""Posts-list search: `#tag`, an exact remote id and caption words each take their own indexed query path."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.admin.posts import search_posts
from analytics.models import Post
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("admin:analytics_post_changelist")


@pytest.fixture
def posts():
    harbour = factories.PostFactory(caption_text="Fog over the harbour #Sunrise", remote_id="110000000000000017")
    market = factories.PostFactory(caption_text="Market day in 110000000000000017 style")
    factories.HashtagFactory(name="sunrise").posts.add(harbour)
    return {"harbour": harbour, "market": market}


def _listed(client, term: str) -> set[int]:
    response = client.get(URL, {"q": term})
    assert response.status_code == 200
    return {post.pk for post in response.context["cl"].result_list}


@pytest.mark.smoke
def test_hashtag_search_finds_only_tagged_posts(admin_client, posts):
    assert _listed(admin_client, "#Sunrise") == {posts["harbour"].pk}


@pytest.mark.smoke
def test_an_exact_remote_id_finds_that_post_not_captions_mentioning_it(admin_client, posts):
    assert _listed(admin_client, "110000000000000017") == {posts["harbour"].pk}


@pytest.mark.smoke
def test_caption_words_are_all_required_in_any_case(admin_client, posts):
    assert _listed(admin_client, "HARBOUR fog") == {posts["harbour"].pk}
    assert _listed(admin_client, "harbour market") == set()


def _search_sql(term: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(search_posts(Post.all_objects.all(), term))
    return queries[-1]["sql"]


@pytest.mark.parametrize("term", ["#sunrise", "110000000000000017", "harbour fog"])
def test_no_search_path_ors_conditions_or_uppercases_the_remote_id(posts, term):
    sql = _search_sql(term).upper()
    assert " OR " not in sql
    assert 'UPPER("ANALYTICS_POST"."REMOTE_ID"' not in sql


@pytest.mark.postgres_only
@pytest.mark.parametrize(("term", "index"), [("110000000000000017", "post_by_remote_id"),
                                             ("#sunrise", "on analytics_posthashtag"),
                                             ("harbour", "post_caption_trgm")])
def test_each_search_path_can_use_its_index(posts, term, index):
    queryset = search_posts(Post.all_objects.all(), term).order_by()
    with connection.cursor() as cursor:
        # Tiny tables: ask whether the index *can* serve the condition. Only bitmap scans stay enabled, so a
        # full walk of some other index (with the condition as a filter) cannot stand in for it.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
                       "SET LOCAL enable_indexonlyscan = off")
        plan = queryset.explain()
    assert any(index in line for line in plan.splitlines() if "Index" in line), plan
