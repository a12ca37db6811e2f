"""A throwaway PostgreSQL server for the test suite: temp dir, free loopback port, stopped even on failure.

Run a command against it: `python tests/pg_server.py -- pytest -q` (sets DATABASE_URL for the command).
initdb and pg_ctl refuse root, so as root the server runs as the unprivileged `postgres` OS user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PG_BIN_CANDIDATES = [os.environ.get("PG_BIN", ""), "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
                     "/usr/lib/postgresql/17/bin"]
FAST_UNSAFE_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


def find_pg_bin() -> Path:
    for candidate in PG_BIN_CANDIDATES:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL binaries not found; install postgresql or set PG_BIN")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def _prepare_dir(path: Path) -> None:
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)


@dataclass(frozen=True, slots=True)
class PostgresServer:
    """A running throwaway server; `stop()` and `start()` let a fault test take it down and bring it back."""

    pg_bin: Path
    data_dir: Path
    log_file: Path
    options: str
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postflow"

    def start(self) -> None:
        subprocess.run(_as_server_user([str(self.pg_bin / "pg_ctl"), "-D", str(self.data_dir), "-l",
                                        str(self.log_file), "-o", self.options, "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        subprocess.run(_as_server_user([str(self.pg_bin / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w",
                                        "stop"]), stdout=subprocess.DEVNULL, check=False)


@contextlib.contextmanager
def throwaway_server() -> Iterator[PostgresServer]:
    """Start a server with a `postflow` database, yield it, always stop it and remove its files."""
    pg_bin = find_pg_bin()
    root = Path(tempfile.mkdtemp(prefix="postflow-pg-"))
    os.chmod(root, 0o755)  # noqa: S103  (the postgres OS user must reach its data dir inside)
    data_dir, socket_dir = root / "data", root / "sock"
    for path in (data_dir, socket_dir):
        path.mkdir()
        _prepare_dir(path)
    port = free_port()
    log_file = root / "server.log"
    log_file.touch()
    _prepare_dir(log_file)
    server = PostgresServer(pg_bin, data_dir, log_file,
                            f"-c listen_addresses=127.0.0.1 -p {port} -k {socket_dir} {FAST_UNSAFE_OPTIONS}", port)
    run = lambda cmd: subprocess.run(_as_server_user(cmd), check=True, stdout=subprocess.DEVNULL)  # noqa: E731
    try:
        run([str(pg_bin / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"])
        server.start()
        run([str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "postflow"])
        try:
            yield server
        finally:
            server.stop()
    except subprocess.CalledProcessError:
        sys.stderr.write(log_file.read_text(errors="replace"))
        raise
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server, yield its DATABASE_URL, always stop it and remove its files."""
    with throwaway_server() as server:
        yield server.url


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    if not command:
        print("usage: pg_server.py -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    with throwaway_postgres() as url:
        print(f"throwaway PostgreSQL at {url}", flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        child = subprocess.Popen(command, env=env)
        # Ctrl-C / SIGTERM reach the child; the server is stopped by the context manager either way.
        previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            return child.wait()
        except KeyboardInterrupt:
            child.terminate()
            return child.wait()
        finally:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
