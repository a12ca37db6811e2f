"""Audience members: new ones inserted, changed names and pictures refreshed, unchanged ones not written at
all (a refresh meets mostly known likers), and every remote id mapped to its row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import Actor
from analytics.services.storage.engagement import upsert_actors
from platforms.base import RemoteActor
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _actor(remote_id: str, name: str = "", avatar: str = "") -> RemoteActor:
    return RemoteActor(remote_id=remote_id, handle=f"@{remote_id}@example.com", display_name=name,
                       url=f"https://example.com/@{remote_id}", avatar_url=avatar)


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]


def test_new_actors_are_inserted_once_and_every_remote_id_is_mapped():
    instance = factories.InstanceFactory()

    ids = upsert_actors(instance.pk, [_actor("a", "Ann"), _actor("b"), _actor("a", "Ann")])

    stored = {a.remote_id: a for a in Actor.objects.filter(instance=instance)}
    assert set(stored) == {"a", "b"} and ids == {"a": stored["a"].pk, "b": stored["b"].pk}
    assert stored["a"].display_name == "Ann" and stored["a"].handle == "@a@example.com"


def test_known_unchanged_actors_are_not_written_and_keep_their_times():
    instance = factories.InstanceFactory()
    first = upsert_actors(instance.pk, [_actor("a", "Ann"), _actor("b", "Bo")])
    Actor.objects.update(updated_at=timezone.now() - timedelta(days=3))
    before = dict(Actor.objects.values_list("remote_id", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        again = upsert_actors(instance.pk, [_actor("b", "Bo"), _actor("a", "Ann")])

    assert again == first
    assert _writes(queries) == [] and len(queries.captured_queries) == 1
    assert dict(Actor.objects.values_list("remote_id", "updated_at")) == before


def test_a_changed_name_or_picture_is_refreshed_and_new_ones_added_in_the_same_call():
    instance = factories.InstanceFactory()
    first = upsert_actors(instance.pk, [_actor("a", "Ann"), _actor("b", "Bo")])
    old = {a.remote_id: a for a in Actor.objects.all()}

    ids = upsert_actors(instance.pk, [_actor("a", "Ann B."), _actor("b", "Bo", avatar="https://example.com/b.png"),
                                      _actor("c", "Cy")])

    now = {a.remote_id: a for a in Actor.objects.all()}
    assert ids["a"] == first["a"] and ids["b"] == first["b"] and ids["c"] == now["c"].pk
    assert now["a"].display_name == "Ann B." and now["b"].avatar_url == "https://example.com/b.png"
    assert now["a"].updated_at > old["a"].updated_at and now["a"].first_seen_at == old["a"].first_seen_at
