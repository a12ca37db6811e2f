"""Keeping secrets out of logs and error messages: URLs and exception texts lose their token parameters."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Instagram puts the token in the query string; OAuth endpoints carry the others.
SECRET_PARAMS = frozenset({
    "access_token", "client_secret", "refresh_token", "code", "input_token", "password",
})
_SECRET_IN_TEXT = re.compile(r"(?i)\b(" + "|".join(sorted(SECRET_PARAMS)) + r")=[^&\s'\"<>]*")
_BEARER_IN_TEXT = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")


def redact_url(url: str) -> str:
    """The URL without secret query parameters (they are dropped, not masked)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(kept, safe="[]{},")))


def redact_text(text: str) -> str:
    """Mask secret parameters and bearer tokens wherever they appear in free text (exception messages)."""
    return _BEARER_IN_TEXT.sub(r"\1***", _SECRET_IN_TEXT.sub(r"\1=***", text))


class RedactingFilter(logging.Filter):
    """Rewrites a record's message without secrets; installed on urllib3, which logs full URLs at DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install_urllib3_redaction() -> None:
    """Idempotently protect urllib3's connection log, which would otherwise print Instagram's token."""
    target = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactingFilter) for f in target.filters):
        target.addFilter(RedactingFilter())
