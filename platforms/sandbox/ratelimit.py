"""Mastodon's per-token request budget: fixed windows, X-RateLimit-* headers and 429 when spent.

Counted in real time (not the world clock), because clients sleep in real time until the reset.
Development tool only.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from platforms.sandbox.ids import iso_micro


@dataclass(frozen=True, slots=True)
class Budget:
    limit: int
    remaining: int
    reset_at: float  # epoch seconds
    round_down: bool = False  # GoToSocial: the reset header floored to the second, no Retry-After

    @property
    def exhausted(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.remaining)),
            "X-RateLimit-Reset": iso_micro(math.floor(self.reset_at) if self.round_down else self.reset_at),
        }

    def refusal_headers(self, now: float) -> dict[str, str]:
        """Headers of a 429: Retry-After (not sent by GoToSocial) plus the X-RateLimit-* ones."""
        extra = {} if self.round_down else {"Retry-After": str(self.retry_after(now))}
        return {**extra, **self.headers()}

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.reset_at - now))


class RateLimiter:
    def __init__(self, limit: int, window: float, *, origin: float = 0.0, round_down: bool = False) -> None:
        self.limit = limit
        self.window = window
        self.origin = origin  # windows start at origin + k * window
        self.round_down = round_down
        self._used: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def spend(self, key: str, now: float | None = None) -> Budget:
        """Count one request of `key` (a token, or the client address without one)."""
        now = time.time() if now is None else now
        # Windows are aligned to multiples of their length, as Mastodon's 5-minute periods are.
        period = math.floor((now - self.origin) / self.window)
        with self._lock:
            used = self._used.get((key, period), 0) + 1
            self._used = {k: v for k, v in self._used.items() if k[1] >= period - 1}
            self._used[(key, period)] = used
        reset_at = self.origin + (period + 1) * self.window
        return Budget(self.limit, self.limit - used, reset_at, self.round_down)
