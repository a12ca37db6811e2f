"""Project-wide fixtures: users, the django-q2 sync switch, and a guard against real network access."""

from __future__ import annotations

import pytest
from django.db import connection

from tests import factories


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped, loudly, when the suite runs on SQLite (the smoke pass)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run `make test`)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Dashboards cache aggregates per roll-up run in the process's LocMemCache: each test starts empty."""
    from django.core.cache import cache

    from platforms.urls import forget_url_verdicts

    cache.clear()
    forget_url_verdicts()  # storage-time URL verdicts are cached per process like the aggregates
    yield
    cache.clear()


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def q_sync(settings):
    """Run django-q2 tasks inline (django-q2 reads its config at import, so patch Conf too)."""
    from django_q.conf import Conf

    previous = Conf.SYNC
    Conf.SYNC = True
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    yield
    Conf.SYNC = previous
