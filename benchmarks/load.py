"""The 20-user load test: gunicorn (config/gunicorn.py) on a loopback port, N threads issuing requests for T
seconds as a logged-in superuser, each with its own session and CSRF cookie as a browser keeps them; p95 per
page and requests/s in all. Twice: closed loop with no think time (capacity), then paced, each user asking
once a second (or at once when the previous answer took longer)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils.crypto import get_random_string

from benchmarks.measure import Row, percentile

ROOT = Path(__file__).resolve().parent.parent


def session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"


def database_url() -> str:
    """The database this process uses (under pytest: the test database), for the server to use too."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a server or export child: this database, and this process's own keys, which
    the child cannot fall back to (development keys need DEBUG or the test runner in the child itself)."""
    env = {**os.environ, "DATABASE_URL": database_url(), **extra}
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)
    env.setdefault("TOKEN_ENCRYPTION_KEYS", ",".join(settings.TOKEN_ENCRYPTION_KEYS))
    env.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1")
    if settings.TESTING:  # under pytest the flag comes from sys.modules, which the child lacks
        env["POSTFLOW_TESTING"] = "1"
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start listening")


def load_test(user, *, users: int, seconds: float) -> list[Row]:
    port = _free_port()
    env = child_env(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESS_LOG="/dev/null", SECURE_SSL_REDIRECT="0",
                    SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0")
    argv = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config/gunicorn.py"), "config.wsgi:application"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603 (fixed argv)
        try:
            _wait_ready(port, time.monotonic() + 30)
            cookies = [session_cookie(user) for _ in range(users)]
            rows = _drive(port, cookies, seconds=seconds)
            rows += _drive(port, cookies, seconds=seconds, pace=1.0)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if any("errors (first" in row.note for row in rows):
            log.seek(0)
            rows[-1].note += "; server log: " + log.read().decode(errors="replace")[-300:].replace("\n", " ")
    return rows


def _get(port: int, path: str, cookie: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Cookie": cookie, "Host": "localhost", "X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback only)
        response.read()
        return response.status


def _try_get(port: int, path: str, cookie: str) -> None:
    with contextlib.suppress(OSError):  # a failing warm-up shows up as errors in the timed part
        _get(port, path, cookie)


def _drive(port: int, cookies: list[str], *, seconds: float, pace: float | None = None) -> list[Row]:
    """One thread per cookie (user) for `seconds`; with `pace`, a user starts a request at most every `pace` s."""
    users = len(cookies)
    pages = {"unified": reverse("admin:index"), "posts list": reverse("admin:analytics_post_changelist")}
    timings: dict[str, list[float]] = {name: [] for name in pages}
    warm_up = [threading.Thread(target=_try_get, args=(port, url, cookies[n % users]))
               for url in pages.values() for n in range(4)]
    for thread in warm_up:  # each worker imports the app and opens its connection on its first requests
        thread.start()
    for thread in warm_up:
        thread.join()
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def user_loop(offset: int) -> None:
        names = list(pages)
        n = offset
        cookie = cookies[offset]
        next_at = time.monotonic() + (pace * offset / users if pace else 0)  # paced users start spread out
        while time.monotonic() < stop_at:
            if pace:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at = max(next_at + pace, time.monotonic())
                if time.monotonic() >= stop_at:
                    break
            name = names[n % len(names)]
            n += 1
            started = time.perf_counter()
            try:
                status = _get(port, pages[name], cookie)
                if status != 200:
                    errors.append(f"{name}: {status}")
            except OSError as exc:
                errors.append(f"{name}: {exc}")
                continue
            timings[name].append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=user_loop, args=(i,)) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    done = sum(len(values) for values in timings.values())
    rows = []
    label = f"{users} users" + (f", paced 1 request/{pace:g} s each" if pace else "")
    for name, values in timings.items():
        if values:
            rows.append(Row("load", f"{label}, {name}", percentile(values, 50), percentile(values, 95),
                            None, "", "< 1000 ms", note=f"{len(values)} requests"))
    target = "20 requests/s offered" if pace else "≥ 20 requests/s"
    rows.append(Row("load", f"{label} for {seconds:.0f} s, in all", None, None, None, "", target,
                    note=f"{done / elapsed:.1f} requests/s, {len(errors)} errors"
                    + (f" (first: {errors[0]})" if errors else "")))
    return rows
