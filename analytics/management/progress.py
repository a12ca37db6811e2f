"""Progress output for management commands: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import contextlib
import time

from analytics.services.runs.recorder import SyncResult, progress_listener


class ProgressPrinter:
    def __init__(self, stdout, *, label: str) -> None:
        self.stdout = stdout
        self.label = label
        self.is_tty = stdout.isatty()
        self._last_line = 0.0

    def __call__(self, run, done: int, total: int | None) -> None:
        if self.is_tty:
            width = 30
            filled = int(width * done / total) if total else 0
            bar = "#" * filled + "-" * (width - filled)
            of = f"/{total}" if total else ""
            self.stdout.write(f"\r{self.label} [{bar}] {done}{of}", ending="")
            self.stdout.flush()
        elif time.monotonic() - self._last_line >= 5 or (total and done >= total):
            self._last_line = time.monotonic()
            self.stdout.write(f"{self.label}: {done}{'/' + str(total) if total else ''} done")

    def finish(self, result: SyncResult) -> None:
        if self.is_tty:
            self.stdout.write("")
        self.stdout.write(f"{self.label}: {result.status} — {result.message} (run #{result.run_id})")


@contextlib.contextmanager
def printing_progress(stdout, *, label: str):
    printer = ProgressPrinter(stdout, label=label)
    token = progress_listener.set(printer)
    try:
        yield printer
    finally:
        progress_listener.reset(token)
