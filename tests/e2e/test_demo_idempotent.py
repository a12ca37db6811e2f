"""`manage.py run_demo` twice on the same clone: the same eight accounts (six Mastodon/Pixelfed signed in on
their instance, two Instagram through Facebook Login) with their ids, the same password."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sandbox.conftest import REPO_ROOT

pytestmark = [pytest.mark.e2e]


def _free_port_pair() -> int:
    """P, P+1 and P+2 free: the sandbox's Mastodon-like, Pixelfed-like and Graph API-like ports."""
    for _ in range(50):
        with socket.socket() as first, socket.socket() as second, socket.socket() as third:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
                third.bind(("127.0.0.1", port + 2))
            except OSError:
                continue
            return port
    raise RuntimeError("no three free neighbouring ports")


def _run_demo(database: Path, state: Path, port: int, *, password: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEMO_STATE_DIR": str(state),
           "DEMO_SANDBOX_PORT": str(port), "PLATFORM_ALLOW_INSECURE_URLS": "1",
           "PLATFORM_MIN_INTERVAL": "0.05", "DEBUG": "1"}
    env.pop("DEMO_ADMIN_PASSWORD", None)
    if password:
        env["DEMO_ADMIN_PASSWORD"] = password
    done = subprocess.run([sys.executable, "manage.py", "run_demo", "--no-serve"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _accounts_and_password(database: Path) -> tuple[list[tuple[str, str, str]], str]:
    with sqlite3.connect(database) as db:
        accounts = db.execute(
            "SELECT i.base_url, a.remote_id, a.handle FROM analytics_account a "
            "JOIN analytics_instance i ON i.id = a.instance_id ORDER BY a.handle").fetchall()
        [(hashed,)] = db.execute("SELECT password FROM auth_user WHERE username = 'admin'").fetchall()
    return accounts, hashed


def test_running_the_demo_twice_keeps_accounts_ids_and_the_admin_password(tmp_path):
    database, state = tmp_path / "demo.sqlite3", tmp_path / "state"
    port = _free_port_pair()  # the demo always uses the same port (8765); so do both runs here
    first_output = _run_demo(database, state, port)
    accounts, hashed = _accounts_and_password(database)
    assert len(accounts) == 8, accounts
    instagram = [handle for _, _, handle in accounts if handle.endswith("_sandbox")]
    assert sorted(instagram) == ["bakery_sandbox", "studio_sandbox"], accounts
    assert "by signing in with Facebook" in first_output
    password_file = state / "admin-password"
    password = password_file.read_text().strip()
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert f"admin / {password}" in first_output

    second_output = _run_demo(database, state, port)
    again, hashed_again = _accounts_and_password(database)
    assert again == accounts, "the same accounts, same remote ids, no duplicates"
    assert hashed_again == hashed, "the admin password did not change"
    assert f"admin / {password}" in second_output


def test_demo_admin_password_from_the_environment_wins(tmp_path):
    database, state = tmp_path / "demo.sqlite3", tmp_path / "state"
    output = _run_demo(database, state, _free_port_pair(), password="chosen-by-me-123")
    assert "admin / chosen-by-me-123" in output
    assert not (state / "admin-password").exists()
