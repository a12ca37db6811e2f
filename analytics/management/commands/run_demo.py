"""`manage.py run_demo` (what `make demo` runs): the whole product on this machine, offline.

Migrates the SQLite default, creates an admin user, starts the sandbox instance (approving sign-ins at once),
connects its accounts through the real OAuth sign-in (docs/connecting-accounts.md) and its Instagram accounts
through Facebook Login on the Graph API-like port (P+2), registers the schedules
(engagement refresh every minute), starts django-q2's cluster and the web server, and queues the first sync.
Ctrl-C stops everything it started.

Running it again on the same clone is idempotent: the sandbox world's start epoch and the admin password are
kept in `var/demo/` (the password file is mode 0600), so the sandbox serves the same accounts, tokens and post
ids (its clock carries on in real time), the connect flow finds the same accounts, and the password stays.
"""

from __future__ import annotations

import os
import secrets
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from analytics.management.demo_reports import configure_demo_reports
from analytics.models import Account, SyncTrigger
from analytics.services.runs.enqueue import enqueue_sync_posts
from platforms.errors import PlatformError

SANDBOX_PORT = int(os.environ.get("DEMO_SANDBOX_PORT", "8765"))
WEB_ADDRESS = os.environ.get("DEMO_WEB_ADDRESS", "127.0.0.1:8000")
START_FILE = "sandbox-start"
PASSWORD_FILE = "admin-password"  # noqa: S105 - a file name, not a password


def state_dir() -> Path:
    """Where the demo keeps what must survive a restart (gitignored `var/demo/`; DEMO_STATE_DIR overrides)."""
    path = Path(os.environ.get("DEMO_STATE_DIR") or settings.BASE_DIR / "var" / "demo")
    path.mkdir(parents=True, exist_ok=True)
    return path


def world_start(directory: Path) -> int:
    """The sandbox world's start epoch: chosen on the first run, reused after, so ids stay the same."""
    path = directory / START_FILE
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        start = int(time.time())
        path.write_text(f"{start}\n")
        return start


def admin_password(directory: Path) -> str:
    """DEMO_ADMIN_PASSWORD wins; else the password made on the first run (a 0600 file), made now if none."""
    chosen = os.environ.get("DEMO_ADMIN_PASSWORD")
    if chosen:
        return chosen
    path = directory / PASSWORD_FILE
    if path.exists() and path.read_text().strip():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(f"{password}\n")
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return password


def use_sandbox_meta_login(port: int) -> str:
    """Point Facebook Login at the sandbox's Graph port (its published test app), here and in the children."""
    from platforms.sandbox.graph_oauth import APP_ID, APP_SECRET

    graph_url = f"http://127.0.0.1:{port}"
    values = {"META_APP_ID": APP_ID, "META_APP_SECRET": APP_SECRET, "META_DIALOG_URL": graph_url,
              "META_GRAPH_URL": graph_url}
    os.environ.update(values)
    settings.META_LOGIN = {"APP_ID": APP_ID, "APP_SECRET": APP_SECRET, "DIALOG_URL": graph_url,
                           "GRAPH_URL": graph_url}
    return graph_url


class Command(BaseCommand):
    help = "Run the demo: sandbox instance, demo accounts, qcluster and the web server (Ctrl-C stops all)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--activity", type=float, default=6.0, help="Sandbox events per minute per instance.")
        parser.add_argument("--no-serve", action="store_true", help="Set up and sync, then exit (for tests).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PLATFORM_ALLOW_INSECURE_URLS:
            raise CommandError("The demo talks to a local sandbox: set PLATFORM_ALLOW_INSECURE_URLS=1 "
                               "(make demo does).")
        self.children: list[subprocess.Popen] = []
        # Ctrl-C and SIGTERM both mean "stop the demo", even where the shell started us with SIGINT ignored.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            self._run(options)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping the demo…")
        finally:
            self._stop_children()

    def _run(self, options: dict) -> None:
        call_command("migrate", verbosity=0)
        directory = state_dir()
        username, password = self._admin_user(admin_password(directory))
        start = world_start(directory)
        self._start("sandbox", [sys.executable, "manage.py", "run_sandbox", "--port", str(SANDBOX_PORT),
                                "--seed", str(options["seed"]), "--activity", str(options["activity"]),
                                "--start", str(start), "--wall-clock", "--autoapprove"])
        sandbox_accounts = self._wait_for_sandbox()
        operator = get_user_model().objects.get(username=username)
        connected = self._connect(sandbox_accounts, operator) + self._connect_instagram(operator)
        call_command("setup_schedules", demo=True, stdout=self.stdout)
        configure_demo_reports(get_user_model().objects.get(username=username))
        self._start("qcluster", [sys.executable, "manage.py", "qcluster"])
        enqueue_sync_posts(Account.objects.filter(pk__in=[a.pk for a in connected]), trigger=SyncTrigger.COMMAND)
        if options["no_serve"]:
            self.stdout.write(f"admin: {username} / {password}")
            return
        self._start("web", [sys.executable, "manage.py", "runserver", WEB_ADDRESS, "--noreload"])
        self._announce(username, password, connected)
        while all(child.poll() is None for child in self.children):
            time.sleep(1)
        raise CommandError("A demo process stopped unexpectedly; see its output above.")

    def _admin_user(self, password: str) -> tuple[str, str]:
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": "admin@example.org"})
        user.is_staff = user.is_superuser = True
        if not user.check_password(password):
            user.set_password(password)  # first run, or DEMO_ADMIN_PASSWORD changed: the kept one is unchanged
        user.save()
        return username, password

    def _start(self, name: str, command: list[str]) -> None:
        self.stdout.write(f"starting {name}: {' '.join(command[1:])}")
        # Our own interpreter and manage.py with fixed arguments: nothing here comes from a user.
        # A session of its own: a terminal's Ctrl-C reaches only this command, which then stops each child
        # by its main PID (django-q2 hangs when its whole process group is signalled, see STACK-NOTES).
        self.children.append(subprocess.Popen(command, env=os.environ.copy(), start_new_session=True))  # noqa: S603

    def _wait_for_sandbox(self) -> list[dict]:
        url = f"http://127.0.0.1:{SANDBOX_PORT}/__sandbox__/accounts"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                return requests.get(url, timeout=2).json()
            except requests.RequestException:
                time.sleep(0.3)
        raise CommandError(f"The sandbox did not answer at {url} within 30 s (is port {SANDBOX_PORT} free?).")

    def _connect(self, sandbox_accounts: list[dict], user) -> list[Account]:
        """Sign in through OAuth as a user would; the revoked account keeps its dead token, as the story goes."""
        from analytics.management.demo_sign_in import sign_in_sandbox_account
        from analytics.services.accounts.connect import connect_account
        from analytics.services.accounts.oauth import ConnectFailed

        callback = f"http://{WEB_ADDRESS}/admin/analytics/account/connect/callback/"
        connected = []
        for entry in sandbox_accounts:
            if entry.get("bulk"):
                continue
            try:
                if entry.get("revoked"):  # its pasted token is dead: this fails, as the sandbox intends
                    connect_account(platform=entry["platform"], instance_url=entry["instance_url"],
                                    token=entry["access_token"], team="Demo")
                connected.append(sign_in_sandbox_account(entry, user=user, team="Demo", callback_url=callback))
                self.stdout.write(f"connected {entry['handle']} ({entry['platform']}) by signing in")
            except ConnectFailed as failed:
                self.stdout.write(f"could not connect {entry['handle']}: {failed.message}")
            except PlatformError as exc:
                self.stdout.write(f"could not connect {entry['handle']}: {type(exc).__name__} (as the sandbox intends)"
                                  if entry.get("revoked") else f"could not connect {entry['handle']}: {exc}")
        return connected

    def _connect_instagram(self, user) -> list[Account]:
        """Facebook Login against the sandbox's Graph port, for this process and the ones it starts."""
        from analytics.management.demo_sign_in import sign_in_sandbox_instagram
        from analytics.services.accounts.oauth import ConnectFailed

        graph_url = use_sandbox_meta_login(SANDBOX_PORT + 2)
        callback = f"http://{WEB_ADDRESS}/admin/analytics/account/connect/meta/callback/"
        try:
            accounts = sign_in_sandbox_instagram(graph_url, user=user, team="Demo", callback_url=callback)
        except ConnectFailed as failed:
            self.stdout.write(f"could not connect the Instagram accounts: {failed.message}")
            return []
        for account in accounts:
            self.stdout.write(f"connected {account.handle} (instagram) by signing in with Facebook")
        return accounts

    def _announce(self, username: str, password: str, connected: list[Account]) -> None:
        url = f"http://{WEB_ADDRESS}/admin/"
        self.stdout.write(self.style.SUCCESS(f"""
PostFlow Analytics demo is running: {url}
  log in as   {username} / {password}
  accounts    {len(connected)} connected from the sandbox; the first sync is running in the background
Try: open the dashboards, select posts and run "Refresh engagement", watch Jobs → Sync runs.
The sandbox adds likes, boosts and comments every minute; the engagement refresh runs every minute.
Ctrl-C stops the web server, the cluster and the sandbox.
"""))

    def _stop_children(self) -> None:
        # A second Ctrl-C must not cut the clean-up short and leave workers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for child in reversed(self.children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)  # to the main PID only: django-q2 exits cleanly that way
        for child in reversed(self.children):
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)  # its own session: the workers go with it
                child.wait()
