"""Hostile values a broken or malicious platform sends (issue 10 #2, #5, #6), as named cases.

`--hostile negative_count,nul_caption` switches cases on; each touches only the *target* posts: per
account, the newest public media post generated before the start (`/__sandbox__/truth` lists them under
`hostile_posts`), so a test knows which post must end up `BadPayload`/unknown and that the others stay
intact. Development tool only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from platforms.sandbox.model import Actor, Event, Kind, Platform, Status
from platforms.sandbox.routing import Request, Response, error

if TYPE_CHECKING:
    from platforms.sandbox.generate import Built

CASES = {
    "negative_count": "favourites_count is -5",
    "huge_count": "favourites_count is 10**30",
    "int32_count": "favourites_count is 2**31 (one past a 32-bit integer)",
    "year_9999": 'created_at is "9999-12-31T23:59:59.000Z"',
    "year_0001": 'created_at is "0001-01-01T00:00:00.000Z"',
    "nul_caption": "the caption holds a NUL character",
    "huge_caption": "the caption is 2 MB",
    "nested_json": "`application` is JSON nested 50,000 levels deep (json.loads raises RecursionError)",
    "looping_likers": "favourited_by answers its first page again and again, rel=next never ends (same URL)",
    "endless_likers": "favourited_by invents a full page of new likers on every page, rel=next never ends",
    "malformed_likers": "favourited_by's first page starts with 5 malformed items (null, string, bad ids)",
    "retry_after_huge": "favourited_by and reblogged_by answer 429 with Retry-After: 1e20",
    "retry_after_inf": "favourited_by and reblogged_by answer 429 with Retry-After: inf",
    "reset_far": "favourited_by and reblogged_by answer 429 with X-RateLimit-Reset in the year 3000",
}
LIKER_CASES = ("looping_likers", "endless_likers", "malformed_likers")
REFUSAL_CASES = {
    "retry_after_huge": {"Retry-After": "1e20"},
    "retry_after_inf": {"Retry-After": "inf"},
    "reset_far": {"X-RateLimit-Reset": "3000-01-01T00:00:00.000000Z"},
}
NESTED_MARK = "__sandbox_nested_json__"
NESTED_DEPTH = 50_000
HUGE_CAPTION_BYTES = 2 * 1024 * 1024
MALFORMED_ITEMS: list[Any] = [None, "not-an-account", {"id": None, "username": "ghost"}, {"username": 42},
                              {"id": ["x"], "acct": {}}]


def parse_cases(spec: str) -> frozenset[str]:
    cases = frozenset(part.strip() for part in spec.split(",") if part.strip())
    unknown = sorted(cases - set(CASES))
    if unknown:
        raise ValueError(f"unknown hostile case(s) {', '.join(unknown)}; known: {', '.join(sorted(CASES))}")
    return cases


@dataclass(slots=True)
class HostilePlan:
    cases: frozenset[str] = frozenset()
    targets: dict[str, str] = field(default_factory=dict)  # status id -> account key

    @classmethod
    def build(cls, spec: str, built: dict[Platform, Built]) -> HostilePlan:
        cases = parse_cases(spec)
        targets: dict[str, str] = {}
        for item in built.values():
            for account in item.instance.accounts:
                own = [s for s in account.statuses if s.media and s.reblog_of is None and s.in_reply_to is None
                       and s.visibility == "public"]
                if own:
                    targets[max(own, key=lambda s: s.created_at).id] = account.key
        return cls(cases, targets)

    def on(self, case: str) -> bool:
        return case in self.cases

    def hits(self, status: Status) -> bool:
        return bool(self.cases) and status.id in self.targets

    def posts_of(self, account_key: str) -> list[str]:
        return [status_id for status_id, key in self.targets.items() if key == account_key] if self.cases else []

    def status_body(self, status: Status, body: dict[str, Any]) -> None:
        """Apply the value cases to one status's JSON (in place)."""
        if not self.hits(status):
            return
        counts = {"negative_count": -5, "huge_count": 10**30, "int32_count": 2**31}
        for case, value in counts.items():
            if self.on(case):
                body["favourites_count"] = value
        if self.on("year_9999"):
            body["created_at"] = "9999-12-31T23:59:59.000Z"
        if self.on("year_0001"):
            body["created_at"] = "0001-01-01T00:00:00.000Z"
        if self.on("nul_caption"):
            body["content"] = f"<p>before\u0000after</p>{body['content']}"
        if self.on("huge_caption"):
            body["content"] = f"<p>{'a' * HUGE_CAPTION_BYTES}</p>"
        if self.on("nested_json"):
            body["application"] = NESTED_MARK

    def finish(self, response: Response) -> Response:
        """Splice the deeply nested value into the serialised body (json.dumps could not write it)."""
        if self.on("nested_json") and response.is_json:
            marker = f'"{NESTED_MARK}"'.encode()
            if marker in response.body:
                nested = b'{"a":' * NESTED_DEPTH + b"1" + b"}" * NESTED_DEPTH
                response.body = response.body.replace(marker, nested)
        return response

    def refusal(self, request: Request, status: Status | None) -> Response | None:
        """A 429 with an absurd wait header for the target posts' engager lists."""
        if status is None or not self.hits(status):
            return None
        if not request.path.endswith(("/favourited_by", "/reblogged_by")):
            return None
        for case, headers in REFUSAL_CASES.items():
            if self.on(case):
                response = error(429, "Too many requests")
                response.headers.update(headers)
                return response
        return None

    def likers(self, request: Request, status: Status, events: list[Event], limit: int,
               fake_created: float) -> tuple[list[Any], str] | None:
        """(items, next URL) for the liker cases on a target post; None when no liker case applies.

        Items are Events or raw JSON values (the malformed ones).
        """
        if not self.hits(status) or not any(self.on(case) for case in LIKER_CASES):
            return None
        page_number = int(request.first("max_id") or "0") if (request.first("max_id") or "").isdigit() else 0
        if self.on("looping_likers"):
            page: list[Any] = events[:limit]
            next_marker = "1"  # the same next URL every time
        elif self.on("endless_likers"):
            page = [_fake_like(status, page_number, index, fake_created) for index in range(limit)]
            next_marker = str(page_number + 1)
        else:
            if request.first("max_id"):
                return None  # later pages are the real ones
            page = [*MALFORMED_ITEMS, *events[:limit]]
            next_marker = events[limit - 1].row_id if len(events) >= limit else ""
        if not next_marker:
            return page, ""
        keep = [(k, v) for k, v in request.query if k != "max_id"]
        query = "&".join(f"{k}={v}" for k, v in [*keep, ("max_id", next_marker)])
        return page, f"{request.url}?{query}"


def _fake_like(status: Status, page: int, index: int, created: float) -> Event:
    actor_id = str(9 * 10**17 + page * 1000 + index)
    actor = Actor(actor_id, f"loop{page}x{index}", f"Loop {page}/{index}", created)
    return Event(Kind.LIKE, actor, status, created, actor_id, actor_id)
