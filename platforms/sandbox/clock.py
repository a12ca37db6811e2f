"""The sandbox clock: real time from a start epoch, plus an offset tests move forward.

Development tool only.
"""

from __future__ import annotations

import threading
import time


class Clock:
    def __init__(self, start: float, *, frozen: bool = False, wall: bool = False) -> None:
        self.start = start
        self.frozen = frozen
        self.wall = wall  # real wall time: a restarted demo with a pinned start carries on where it was
        self._origin = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        elapsed = 0.0 if self.frozen else time.monotonic() - self._origin
        if self.wall and not self.frozen:
            with self._lock:
                return max(self.start, time.time()) + self._offset
        with self._lock:
            return self.start + self._offset + elapsed

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the sandbox clock never goes back")
        with self._lock:
            self._offset += seconds
        return self.now()

    @property
    def offset(self) -> float:
        return self._offset
