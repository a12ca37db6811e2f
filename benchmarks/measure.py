"""Time requests and callables: p50/p95 over N repeats, SQL statement counts, each row beside its baseline."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client


@dataclass
class Row:
    """One line of the figures table: what, its p50/p95 (ms), queries, and the same-run baseline."""

    section: str
    name: str
    p50: float | None = None
    p95: float | None = None
    queries: int | None = None
    baseline: str = ""
    target: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if not self.target.startswith("<") or self.p95 is None or "at 1M" in self.target:
            return ""  # a target set for the 1M-post dataset is judged by reading the scale, not here
        number, unit = self.target.lstrip("< ").split()[:2]
        limit = float(number.replace(",", "")) * (1000 if unit.startswith("s") else 1)
        return "ok" if self.p95 < limit else f"missed by {self.p95 - limit:,.0f} ms"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def time_calls(call: Callable[[], object], repeat: int) -> tuple[float, float, list[float]]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return percentile(timings, 50), percentile(timings, 95), timings


# The slowest statement of the last warm-up request per URL: (ms, sql, params), for EXPLAIN ANALYZE on a miss.
SLOWEST: dict[str, tuple[float, str, object]] = {}


def time_get(client: Client, url: str, repeat: int, *, before=None) -> tuple[float, float, int]:
    """One warm-up request (which must answer 200, and whose statements are counted), then `repeat` timed ones
    (each after `before()`, untimed, when given: e.g. emptying the cache to time a cold request)."""
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = (time.perf_counter() - started) * 1000
            executed.append(sql)
            if _is_read(sql) and took > SLOWEST.get(url, (0.0,))[0]:
                SLOWEST[url] = (took, sql, params)

    # A wrapper survives the reconnects request_started may cause (CaptureQueriesContext's log does not).
    if before is not None:
        before()
    with connection.execute_wrapper(count):
        response = client.get(url, secure=True)
    if response.status_code != 200:
        raise AssertionError(f"{url}: HTTP {response.status_code}")
    if before is None:
        p50, p95, _ = time_calls(lambda: client.get(url, secure=True), repeat)
        return p50, p95, len(executed)
    timings = []
    for _ in range(repeat):
        before()
        timings.extend(time_calls(lambda: client.get(url, secure=True), 1)[2])
    return percentile(timings, 50), percentile(timings, 95), len(executed)


def _is_read(sql: str) -> bool:
    """Reads only, since EXPLAIN ANALYZE runs the statement again: a SELECT, or a CTE (the top-fans ranking
    opens with WITH) that writes nothing."""
    text = sql.lstrip().upper()
    return text.startswith("SELECT") or (text.startswith("WITH") and not any(
        word in text for word in ("INSERT INTO", "UPDATE ", "DELETE FROM")))


def explain_slowest(url: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the URL's slowest SELECT, as PostgreSQL prints it."""
    took, sql, params = SLOWEST[url]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"{took:.0f} ms in the warm-up request:\n{sql}\n{plan}"


class PeakRSS:
    """Samples this process's resident memory every 20 ms: the peak above the level at entry, in MB."""

    def __enter__(self) -> PeakRSS:
        self.start = self.peak = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss_mb())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())

    @property
    def grown(self) -> float:
        return self.peak - self.start


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
