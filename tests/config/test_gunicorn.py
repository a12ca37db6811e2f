"""The web server setup: config/gunicorn.py is what the Dockerfile runs, and it bounds requests and workers."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
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
    assert config["timeout"] == 30 and config["max_requests"] == 5000 and config["max_requests_jitter"] > 0
    assert config["preload_app"] is True  # a recycled worker is a fork of the loaded app, not a cold import
    assert config["bind"] == "0.0.0.0:8000"


def test_loading_the_application_opens_no_connection_and_starts_no_thread():
    """What the gunicorn master preloads is forked into every worker: a connection or thread made at import
    would be shared by all of them."""
    probe = ("import threading, config.wsgi; from django.db import connections; "
             "print(all(c.connection is None for c in connections.all()), threading.active_count())")
    env = {**os.environ, "POSTFLOW_TESTING": "1", "DEBUG": "1"}
    output = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, check=True).stdout.split()
    assert output == ["True", "1"]
