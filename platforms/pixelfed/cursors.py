"""Reading Pixelfed's Laravel pagination cursors, to tell a forward link from a backward one."""

from __future__ import annotations

import base64
import binascii
import json
from urllib.parse import parse_qs, urlsplit


def cursor_of(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get("cursor")
    return values[0] if values else None


def points_forward(cursor: str) -> bool | None:
    """True/False from Laravel's `_pointsToNextItems`; None when the cursor is not a Laravel cursor.

    Laravel encodes cursors as URL-safe base64 JSON without padding (Illuminate\\Pagination\\Cursor::encode).
    """
    padded = cursor.replace("-", "+").replace("_", "/")
    padded += "=" * (-len(padded) % 4)
    try:
        decoded = json.loads(base64.b64decode(padded, validate=True))
    except (binascii.Error, ValueError):
        return None
    flag = decoded.get("_pointsToNextItems") if isinstance(decoded, dict) else None
    return flag if isinstance(flag, bool) else None
