"""Run one roll-up step in a second database session while the others run: each statement of a rebuild
uses about one core, so on the 2-core machine the full rebuild at 1M posts took 100 s in a row and 53 s
with post decay (46 s alone) beside the rest (docs/benchmarks.md).

Only on PostgreSQL and outside a transaction: a second session cannot see rows the caller has not
committed (a test's transaction, a caller's atomic block), and SQLite has one writer at a time. Elsewhere
the step runs in the caller's session when its result is asked for, exactly as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection, connections


class Alongside[T]:
    """`with Alongside(step) as job: …; value = job.result()`: the step starts on entry where it can; leaving
    the block always waits for it, so no step outlives the run that started it."""

    def __init__(self, step: Callable[[], T]) -> None:
        self._step = step
        self._thread: threading.Thread | None = None
        self._value: T | None = None
        self._error: BaseException | None = None

    @staticmethod
    def can_run_apart() -> bool:
        return connection.vendor == "postgresql" and not connection.in_atomic_block

    def __enter__(self) -> Alongside[T]:
        if self.can_run_apart():
            self._thread = threading.Thread(target=self._run, name="rollup-step", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._thread.join()

    def result(self) -> T:
        if self._thread is None:
            return self._step()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value

    def _run(self) -> None:
        try:
            self._value = self._step()
        except BaseException as error:  # re-raised in the caller's thread by result()
            self._error = error
        finally:
            connections.close_all()  # this thread's own sessions
