"""The set-based writes of ingestion: inserts skip what exists, upserts rewrite only what changed, every kind
of value survives the round trip, and the statements still show in Django's query log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import Actor
from analytics.services.storage.bulk_sql import insert_ignoring_conflicts, upsert_changed
from analytics.services.storage.engagement import ACTOR_COLUMNS
from tests import factories

pytestmark = pytest.mark.django_db
HOSTILE = "O'Brien \\ \"quoted\" 😀 $1 %s ; DROP TABLE x"


def _rows(instance, names, *, when):
    return [(instance.pk, f"id-{n}", name, "", "", "", when, when) for n, name in enumerate(names)]


def test_inserts_skip_existing_rows_and_keep_every_value_intact():
    instance = factories.InstanceFactory()
    when = timezone.now().replace(microsecond=123456)
    rows = _rows(instance, [HOSTILE, "plain", "ünïcode"], when=when)

    assert insert_ignoring_conflicts(Actor, ACTOR_COLUMNS, rows, conflict=["instance", "remote_id"]) == 3
    assert insert_ignoring_conflicts(Actor, ACTOR_COLUMNS, rows, conflict=["instance", "remote_id"]) == 0

    stored = dict(Actor.objects.values_list("remote_id", "handle"))
    assert stored == {"id-0": HOSTILE, "id-1": "plain", "id-2": "ünïcode"}
    assert set(Actor.objects.values_list("first_seen_at", flat=True)) == {when}


def test_upserts_rewrite_only_rows_whose_values_changed():
    instance = factories.InstanceFactory()
    then = timezone.now() - timedelta(days=1)
    upsert_changed(Actor, ACTOR_COLUMNS, _rows(instance, ["a", "b"], when=then), conflict=["instance", "remote_id"],
                   update=["handle"], touch=["updated_at"])
    now = timezone.now()

    upsert_changed(Actor, ACTOR_COLUMNS, _rows(instance, ["a", "b renamed"], when=now),
                   conflict=["instance", "remote_id"], update=["handle"], touch=["updated_at"])

    stored = {row[0]: row[1:] for row in Actor.objects.values_list("remote_id", "handle", "updated_at")}
    assert stored == {"id-0": ("a", then), "id-1": ("b renamed", now)}


def test_the_statements_show_in_the_query_log():
    instance = factories.InstanceFactory()
    with CaptureQueriesContext(connection) as queries:
        insert_ignoring_conflicts(Actor, ACTOR_COLUMNS, _rows(instance, ["logged"], when=timezone.now()),
                                  conflict=["instance", "remote_id"])
    assert any("INSERT INTO" in query["sql"] and "analytics_actor" in query["sql"] for query in queries)
