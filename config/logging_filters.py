"""Defence in depth for logs: redact anything that looks like an access token before it is written."""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[redacted]"),
    (re.compile(r"(?i)(access_token=)[^&\s'\"]+"), r"\1[redacted]"),
    (re.compile(r"(?i)(\"?access_token\"?\s*[:=]\s*\"?)[^\"&\s,}]+"), r"\1[redacted]"),
    # Encrypted tokens (Fernet: always "gAAAAA…"), e.g. quoted by a database error (analytics/services/runs/errors.py).
    (re.compile(r"gAAAAA[A-Za-z0-9_-]{8,}={0,2}(?:\.\.\.)?"), "[ciphertext]"),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactTokensFilter(logging.Filter):
    """Rewrites the formatted message so a token passed by mistake never reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
