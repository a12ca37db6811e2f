"""Quirk modes of the sandbox's Mastodon-like instance: another server's documented differences from Mastodon.

`--quirks gotosocial` imitates GoToSocial as its source reads (docs/platforms.md cites the files): ULID ids
everywhere, no `X-RateLimit-*` headers (an instance with `advanced-rate-limit-requests: 0`), likers and
boosters in one unpaged list, account statuses paged by `max_id`/`min_id` only. The capability table in
`platforms/software.py` must agree with each mode (tests/sandbox/test_quirks.py checks it). Development tool only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quirks:
    software: str = ""  # the nodeinfo software name ("": mastodon, or the `software` switch)
    version: str = ""  # the version in nodeinfo and /api/v1/instance ("": the Mastodon version)
    ulid_ids: bool = False  # every id (accounts, statuses, media, favourites, notifications) a ULID
    rate_limit_headers: bool = True  # X-RateLimit-* on every answer and 429 when spent
    engagers_paged: bool = True  # favourited_by / reblogged_by paged with Link (else all in one list)
    statuses_since_id: bool = True  # accounts/:id/statuses honours since_id
    edit_history: bool = True  # GET /api/v1/statuses/:id/history exists


PLAIN = Quirks()
GOTOSOCIAL = Quirks(software="gotosocial", version="0.19.1", ulid_ids=True, rate_limit_headers=False,
                    engagers_paged=False, statuses_since_id=False, edit_history=True)
MODES = {"": PLAIN, "mastodon": PLAIN, "gotosocial": GOTOSOCIAL}


def quirks_of(name: str) -> Quirks:
    """The quirk mode named `name`; ValueError for a name the sandbox cannot imitate."""
    try:
        return MODES[(name or "").strip().lower()]
    except KeyError:
        raise ValueError(f"unknown quirks mode {name!r} (known: {', '.join(m for m in MODES if m)})") from None
