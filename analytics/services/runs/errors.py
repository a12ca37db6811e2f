"""What a crashed run may say about its error: the exception type and a message without secrets or the
database's copy of the failing row (which holds token ciphertext)."""

from __future__ import annotations

import re

from django.db import DatabaseError

from platforms.redact import redact_text

MAX_ERROR_CHARS = 2000
# PostgreSQL adds the offending row to constraint errors; SQLite and psycopg may add DETAIL/HINT lines.
_DB_DETAIL = re.compile(r"(?im)^\s*(DETAIL|HINT|CONTEXT|QUERY):.*$")
_FAILING_ROW = re.compile(r"(?is)Failing row contains \(.*?\)(?=\.?\s*$|\.?\n)|Failing row contains \(.*")
_KEY_VALUES = re.compile(r"(?is)Key \(.*?\)=\(.*?\)")
# A Fernet token (our encrypted access tokens) always starts with version byte 0x80 and a timestamp, which
# base64url-encode as "gAAAAA": masked wherever it appears, e.g. a localised DETAIL line the patterns above
# do not know, or a driver that quotes values on the first line. PostgreSQL cuts long values with "...".
FERNET_TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_-]{8,}={0,2}(?:\.\.\.)?")


# deadlock_detected, serialization_failure: PostgreSQL aborted the statement to settle a conflict with another
# session; the same work succeeds when tried again.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})


def is_transient_database_error(exc: BaseException) -> bool:
    """Django wraps the driver's error; psycopg's carries the SQLSTATE."""
    return isinstance(exc, DatabaseError) and getattr(exc.__cause__, "sqlstate", None) in TRANSIENT_SQLSTATES


class RunCrashed(Exception):
    """Raised by task wrappers in place of the original exception (`from None`), so django-q2's failure row
    holds only this sanitised text, never the original's chained message or arguments."""


def safe_error_text(exc: BaseException) -> str:
    """`Type: message` with secrets masked, database row detail removed, and the length bounded."""
    message = str(exc)
    message = _FAILING_ROW.sub("Failing row contains (…)", message)
    message = _KEY_VALUES.sub("Key (…)=(…)", message)
    message = _DB_DETAIL.sub("", message)
    message = FERNET_TOKEN.sub("[ciphertext]", message)
    message = redact_text("\n".join(line for line in message.splitlines() if line.strip()))
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:MAX_ERROR_CHARS]
