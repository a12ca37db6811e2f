"""Requests, responses and the route table of the sandbox's tiny web framework.

Development tool only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from platforms.sandbox.model import Instance


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    instance: Instance
    params: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{self.instance.base_url}{self.path}"

    def first(self, name: str) -> str | None:
        return next((value for key, value in self.query if key == name), None)

    def all(self, name: str) -> list[str]:
        """Rails reads `types[]=a&types[]=b`; `types=a` is accepted too."""
        return [value for key, value in self.query if key in (name, f"{name}[]")]

    def flag(self, name: str) -> bool:
        return (self.first(name) or "").lower() in ("1", "true", "yes", "on")

    def number(self, name: str, default: int) -> int:
        raw = self.first(name)
        try:
            return int(raw) if raw is not None else default
        except ValueError:
            return default

    def keep(self, *names: str) -> list[tuple[str, str]]:
        """Query pairs to carry into Link URLs, in request order."""
        wanted = {*names, *(f"{name}[]" for name in names)}
        return [(key, value) for key, value in self.query if key in wanted]

    def bearer(self) -> str | None:
        header = self.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return token.strip() or None


@dataclass(slots=True)
class Response:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_json(self) -> bool:
        return self.content_type.startswith("application/json")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(status, data, headers=dict(headers or {}))


def error(status: int, message: str, key: str = "error") -> Response:
    return json_response({key: message}, status)


Handler = Callable[[Request], Response]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    public: bool = False  # no token needed (instance information)


def route(method: str, path: str, handler: Handler, *, public: bool = False) -> Route:
    """`path` uses :name for one segment, as the Mastodon docs write it."""
    regex = re.sub(r":(\w+)", r"(?P<\1>[^/]+)", path.rstrip("/"))
    return Route(method, re.compile(f"^{regex}/?$"), handler, public)


def match(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for candidate in routes:
        found = candidate.pattern.match(path)
        if found and candidate.method == method:
            return candidate, found.groupdict()
    return None
