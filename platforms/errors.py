"""Typed errors raised by platform clients; callers decide what each one means for a sync run."""

from __future__ import annotations

from datetime import datetime


class PlatformError(Exception):
    """Base of every error a platform client raises."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.url = url

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.url:
            parts.append(self.url)
        return " | ".join(parts)


class AuthError(PlatformError):
    """401/403: the token is revoked, expired or lacks a scope; the account needs re-authentication."""


class NotFound(PlatformError):
    """404/410: the object is gone (a deleted post is soft-deleted by the caller)."""


class RateLimited(PlatformError):
    """429 (or a budget exhausted): carries when the caller may try again."""

    def __init__(self, message: str, *, retry_at: datetime, status: int | None = 429, url: str | None = None):
        super().__init__(message, status=status, url=url)
        self.retry_at = retry_at


class TransientError(PlatformError):
    """Timeouts, connection errors and 5xx that outlasted the retry budget."""


class BadPayload(PlatformError):
    """A response that does not parse into records: names the field and the remote id."""

    def __init__(self, message: str, *, field: str | None = None, remote_id: str | None = None,
                 status: int | None = None, url: str | None = None) -> None:
        super().__init__(message, status=status, url=url)
        self.field = field
        self.remote_id = remote_id

    def __str__(self) -> str:
        where = []
        if self.remote_id is not None:
            where.append(f"remote id {self.remote_id}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        base = super().__str__()
        return f"{base} ({', '.join(where)})" if where else base


class RefusedLink(PlatformError):
    """A paging or redirect link pointed outside the instance's own origins: never followed (the token stays
    home), and the listing it would have continued is incomplete, so callers end the run `partial`."""


class PagingStopped(RefusedLink):
    """Paging stopped early for a safety reason (a repeated page or link, the page cap): like a refused link,
    the listing is incomplete and callers end the run `partial` with this reason."""


class RunBudgetExceeded(PlatformError):
    """The run's time or request budget is spent: the caller stores what it has and resumes the rest later."""


class UnsupportedSoftware(PlatformError):
    """The server runs software we cannot read (named in the message) or is not the platform chosen."""

    def __init__(self, message: str, *, software: str = "", status: int | None = None,
                 url: str | None = None) -> None:
        super().__init__(message, status=status, url=url)
        self.software = software


class Unsupported(PlatformError):
    """The platform cannot give this (e.g. who liked an Instagram post); shown as 'not available', never 0."""


class InvalidInstanceURL(PlatformError):
    """The instance URL is malformed, has a path/query/credentials, or is insecure when not allowed."""


class UnknownPlatform(PlatformError, LookupError):
    """No client is registered under this platform name."""
