"""Run one call in several threads released together, as two workers or two schedules would."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(call: Callable[[], object], *, times: int = 2, timeout: float = 60) -> list:
    """`call()` in `times` threads started by one barrier; each closes its own database connection. Returns what
    each call returned, or the exception it raised."""
    start = threading.Barrier(times)
    outcomes: list = [None] * times

    def run(index: int) -> None:
        try:
            start.wait()
            outcomes[index] = call()
        except Exception as error:  # reported to the test, which asserts on it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
