"""Two workers writing rows that other accounts share (audience members of one instance, hashtags) at the
same time: the second waits for the first instead of deadlocking (which killed a refresh run in the
two-cluster test). Each test holds one row in a transaction, lets the code under test block on it, then
writes rows the code under test may already hold: a deadlock unless it writes in key order."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from analytics.models import Actor, Hashtag, PostHashtag
from analytics.services.storage.engagement import upsert_actors
from analytics.services.sync.upserts import upsert_post_page
from platforms.base import MediaType, RemoteActor, RemotePost
from tests import factories

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _actors(*remote_ids: str) -> list[RemoteActor]:
    return [RemoteActor(remote_id=remote_id, handle=f"@{remote_id}") for remote_id in remote_ids]


def _wait_for_a_blocked_session(timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND datname = current_database() AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def _race(hold: Callable[[], object], then: Callable[[], object], code_under_test: Callable[[], object]) -> list:
    """Another session runs `hold`, waits until the code under test blocks on it, runs `then`, commits."""
    holding, errors, saw_wait = threading.Event(), [], []

    def other_worker():
        try:
            with transaction.atomic():
                hold()
                holding.set()
                saw_wait.append(_wait_for_a_blocked_session())
                then()
        except Exception as exc:  # the caller's assertion reports it
            errors.append(exc)
        finally:
            holding.set()
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    holding.wait(10)
    try:
        code_under_test()
    except Exception as exc:
        errors.append(exc)
    worker.join(20)
    assert saw_wait == [True], "the code under test never waited for the other session: the test proves nothing"
    return errors


def test_overlapping_actor_upserts_in_opposite_orders_wait_instead_of_deadlocking():
    instance = factories.InstanceFactory()

    errors = _race(lambda: upsert_actors(instance.pk, _actors("m")),
                   lambda: upsert_actors(instance.pk, _actors("z")),
                   lambda: upsert_actors(instance.pk, _actors("z", "m", "a")))  # the listing's order

    assert errors == []
    assert sorted(Actor.objects.filter(instance=instance).values_list("remote_id", flat=True)) == ["a", "m", "z"]


def test_two_accounts_adding_the_same_new_hashtags_wait_instead_of_deadlocking():
    account = factories.AccountFactory()
    tags = tuple(f"tag{n:02d}" for n in range(40))  # a set of these comes out in a per-process order
    post = RemotePost(remote_id="1", url="https://example.test/p/1", caption_html="", caption_text="",
                      media_type=MediaType.IMAGE, media_urls=("https://example.test/1.jpg",), preview_url="",
                      posted_at=datetime(2026, 1, 1, tzinfo=UTC), hashtags=tags)

    def add_tags(*names):
        Hashtag.objects.bulk_create([Hashtag(name=name) for name in names], ignore_conflicts=True)

    errors = _race(lambda: add_tags(tags[0]), lambda: add_tags(*tags[1:]),
                   lambda: upsert_post_page(account, [post]))

    assert errors == []
    assert Hashtag.objects.filter(name__in=tags).count() == 40
    assert PostHashtag.objects.filter(post__account=account).count() == 40
