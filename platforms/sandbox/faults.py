"""Seeded fault injection on API responses: slow answers, 502/503 and truncated JSON bodies.

Development tool only: exercises the clients' retry and BadPayload paths.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum


class Fault(StrEnum):
    SLOW = "slow"
    ERROR = "error"
    TRUNCATE = "truncate"


@dataclass(frozen=True, slots=True)
class FaultSpec:
    slow: float = 0.0
    error: float = 0.0
    truncate: float = 0.0

    @classmethod
    def parse(cls, text: str | float | None) -> FaultSpec:
        """`0.1` splits 10% evenly over the three kinds; `slow=0.05,error=0.1` names them."""
        if text is None or str(text).strip() in ("", "0", "0.0", "off"):
            return cls()
        raw = str(text).strip()
        if "=" not in raw:
            share = float(raw) / 3
            return cls(share, share, share)
        parts = dict(part.split("=", 1) for part in raw.split(",") if part.strip())
        unknown = set(parts) - {fault.value for fault in Fault}
        if unknown:
            raise ValueError(f"unknown fault kinds: {', '.join(sorted(unknown))}")
        return cls(**{name.strip(): float(value) for name, value in parts.items()})

    @property
    def active(self) -> bool:
        return self.slow + self.error + self.truncate > 0


@dataclass(frozen=True, slots=True)
class Drawn:
    """The fault drawn for one request: none, a 5xx status, a truncated body or a delay."""

    fault: Fault | None = None
    status: int = 0
    delay: float = 0.0


class FaultInjector:
    def __init__(self, spec: FaultSpec, seed: int, slow_seconds: tuple[float, float] = (1.0, 2.0)) -> None:
        self.spec = spec
        self.slow_seconds = slow_seconds
        self._rng = random.Random(f"{seed}:faults")
        self._lock = threading.Lock()

    def draw(self) -> Drawn:
        """At most one fault per request."""
        if not self.spec.active:
            return Drawn()
        with self._lock:
            roll = self._rng.random()
            delay = self._rng.uniform(*self.slow_seconds)
            status = self._rng.choice((502, 503))
        if roll < self.spec.error:
            return Drawn(Fault.ERROR, status=status)
        if roll < self.spec.error + self.spec.truncate:
            return Drawn(Fault.TRUNCATE)
        if roll < self.spec.error + self.spec.truncate + self.spec.slow:
            return Drawn(Fault.SLOW, delay=delay)
        return Drawn()
