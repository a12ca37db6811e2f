"""The warm-up job runs in a qcluster process and the pages in gunicorn workers: what one process stores in
the shared cache (the database table, or Redis) another one serves without computing it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from admin_dashboards import figures
from admin_dashboards.warming import usual_selections
from analytics.selectors.preferences import team_time_zone
from tests.admin_dashboards.conftest import build_dataset
from tests.e2e.conftest import database_url

pytestmark = [pytest.mark.e2e, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[2]
WARM = "from admin_dashboards.warming import warm_dashboards; print(warm_dashboards())"


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_figures_warmed_in_another_process_are_served_here(backend, request, settings):
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1", "POSTFLOW_TESTING": "1"}
    if backend == "redis":
        url = request.getfixturevalue("redis_url")
        env["POSTFLOW_CACHE_REDIS_URL"] = url
        settings.CACHES = {**settings.CACHES,
                           "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    build_dataset(1)

    warmed = subprocess.run([sys.executable, "manage.py", "shell", "-c", WARM], cwd=REPO, env=env, text=True,
                            capture_output=True, timeout=120, check=True).stdout
    with timezone.override(team_time_zone()):
        selections = usual_selections()
        expected = len(selections) * len(figures.FROM_EVENTS)
        assert f"Warmed {expected} of {expected} " in warmed

        def refuse(criteria):
            raise AssertionError(f"{criteria} was computed in this process")

        for figure in figures.FROM_EVENTS:
            served = [figures.Figure(figure.page, refuse).read(criteria) for criteria in selections]
            assert served == [figure.build(criteria) for criteria in selections]
