"""`__any` finds what `__in` finds, with one array parameter on PostgreSQL (ingestion looks up thousands of
likers at a time)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.models import Actor, Like
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
HOSTILE = "O'Brien \\ \"q\" 😀 {a,b} NULL $1 %s"


def test_any_matches_in_for_text_with_duplicates_and_hostile_values():
    instance = factories.InstanceFactory()
    for remote_id in ["plain", HOSTILE, "{}", "last"]:
        factories.ActorFactory(instance=instance, remote_id=remote_id)
    wanted = [HOSTILE, "plain", HOSTILE, "{}", "absent"]

    found = set(Actor.objects.filter(instance=instance, remote_id__any=wanted).values_list("remote_id", flat=True))

    assert found == set(Actor.objects.filter(instance=instance, remote_id__in=wanted)
                        .values_list("remote_id", flat=True)) == {HOSTILE, "plain", "{}"}


def test_any_matches_in_for_integers_and_an_empty_list_finds_nothing():
    likes = [factories.LikeFactory() for _ in range(3)]
    ids = [likes[0].pk, likes[2].pk, likes[0].pk, 10**12]

    assert set(Like.objects.filter(pk__any=ids).values_list("pk", flat=True)) == {likes[0].pk, likes[2].pk}
    assert not Like.objects.filter(pk__any=[]).exists()


@pytest.mark.postgres_only
def test_on_postgresql_the_values_travel_as_one_array_parameter():
    instance = factories.InstanceFactory()
    with CaptureQueriesContext(connection) as queries:
        list(Actor.objects.filter(instance=instance, remote_id__any=[f"id-{n}" for n in range(5000)]))

    sql = queries.captured_queries[-1]["sql"]
    assert "= ANY(" in sql and "id-4999" in sql and sql.count("id-") == 5000 and " IN (" not in sql
