"""The web server setup: config/gunicorn.py is what the Dockerfile runs, and it bounds requests and workers."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.smoke


def test_the_image_runs_gunicorn_with_the_config_file():
    cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD"))
    assert '"--config", "config/gunicorn.py"' in cmd
    assert "--workers" not in cmd  # one source of truth


def test_threaded_workers_with_timeouts_and_recycling(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS", "PORT",
                 "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert config["worker_class"] == "gthread"
    assert config["workers"] >= 2 and config["threads"] == 4  # CPU-bound pages: more threads only contend for the GIL
    assert config["timeout"] == 30 and config["max_requests"] == 1000 and config["max_requests_jitter"] > 0
    assert config["bind"] == "0.0.0.0:8000"
