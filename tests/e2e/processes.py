"""Real processes for the fault tests: a PostgreSQL server of their own (so stopping it harms no other test),
`manage.py qcluster` and gunicorn pointed at it, and polling with a deadline instead of fixed sleeps."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection, connections

from tests.pg_server import PostgresServer, free_port, throwaway_server

REPO = Path(__file__).resolve().parents[2]


def wait_for[T](probe: Callable[[], T], *, timeout: float, what: str, every: float = 0.25) -> T:
    """Call `probe` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(every)


@contextlib.contextmanager
def own_database(django_db_blocker) -> Iterator[PostgresServer]:
    """Point this process's default connection at a fresh, migrated server of its own; restore it after."""
    with throwaway_server() as server:
        saved = dict(connection.settings_dict)
        with django_db_blocker.unblock():
            connections.close_all()
            connection.settings_dict.update(HOST="127.0.0.1", PORT=server.port, NAME="postflow", USER="postgres",
                                            PASSWORD="")
            try:
                call_command("migrate", verbosity=0, interactive=False)
                yield server
            finally:
                connections.close_all()
                connection.settings_dict.clear()
                connection.settings_dict.update(saved)


def reconnect() -> None:
    """What a request or a django-q2 task does first: drop a connection the server no longer knows."""
    connections.close_all()


@contextlib.contextmanager
def qcluster(server: PostgresServer, *, workers: int, env: dict[str, str] | None = None,
             log: Path | None = None) -> Iterator[subprocess.Popen]:
    """`manage.py qcluster` on `server`; stopped with SIGTERM to its main PID (the clean way, STACK-NOTES)."""
    full_env = {**os.environ, "DATABASE_URL": server.url, "DEBUG": "1", "PLATFORM_ALLOW_INSECURE_URLS": "1",
                "Q_WORKERS": str(workers), "POSTFLOW_TESTING": "1", "PLATFORM_MIN_INTERVAL": "0", **(env or {})}
    with open(log or os.devnull, "wb") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=REPO, env=full_env,
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextlib.contextmanager
def web_server(server: PostgresServer) -> Iterator[str]:
    """gunicorn with config/gunicorn.py as production runs it (DEBUG off), one worker; yields its base URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": server.url, "DEBUG": "0", "SECRET_KEY": settings.SECRET_KEY,
           "TOKEN_ENCRYPTION_KEYS": ",".join(settings.TOKEN_ENCRYPTION_KEYS), "ALLOWED_HOSTS": "127.0.0.1",
           "POSTFLOW_TESTING": "1", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
           "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "GUNICORN_ACCESS_LOG": "/dev/null"}
    argv = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "config/gunicorn.py"), "config.wsgi:application"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=log, stderr=log)
        try:
            wait_for(lambda: _listening(port), timeout=30, what="gunicorn listening")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def session_cookie(user) -> str:
    """A logged-in session stored in the database, as the browser's cookie header."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def get(url: str, cookie: str) -> tuple[int, dict[str, str], str]:
    """GET without raising on an error status: (status, headers, body)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (loopback only)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback only)
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")
