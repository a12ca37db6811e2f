"""Identifier and timestamp helpers of the sandbox: Mastodon-style snowflakes, ULIDs and row ids.

Development tool only. Ids are opaque strings to clients; the sandbox itself orders them with `id_key`.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def id_key(remote_id: str) -> tuple[int, str]:
    """Order numeric strings numerically and ULIDs lexicographically (both are time-ordered)."""
    return (len(remote_id), remote_id)


def iso(epoch: float) -> str:
    """Mastodon's timestamp format: milliseconds and a literal Z."""
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_micro(epoch: float) -> str:
    """The X-RateLimit-Reset format: microseconds and a literal Z."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def day(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")


class IdMinter:
    """Mints unique ids for one instance from a seeded generator, so a world is reproducible."""

    def __init__(self, rng: random.Random, *, ulids_only: bool = False) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self.ulids_only = ulids_only  # GoToSocial: every id of the instance is a ULID

    def snowflake(self, epoch: float) -> str:
        """Mastodon's layout: milliseconds shifted left 16 bits plus a sequence part."""
        if self.ulids_only:
            return self.ulid(epoch)
        ms = int(epoch * 1000)
        while True:
            candidate = str((ms << 16) | self._rng.getrandbits(16))
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate

    def ulid(self, epoch: float) -> str:
        """GoToSocial-style text id: 48-bit time then 80 random bits, Crockford base32."""
        ms = int(epoch * 1000)
        while True:
            value = (ms << 80) | self._rng.getrandbits(80)
            candidate = "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate

    def row(self, epoch: float) -> str:
        """A database-row-like id (favourites, notifications): grows with time, unlike account ids."""
        if self.ulids_only:
            return self.ulid(epoch)
        value = int(epoch * 1000)
        while str(value) in self._used:
            value += 1
        candidate = str(value)
        self._used.add(candidate)
        return candidate
