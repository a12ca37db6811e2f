"""Small generated SVG images for media, avatars and headers, so the admin's thumbnails render offline.

Development tool only. The picture is derived from the file name alone.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def _label(name: str) -> str:
    """`alice-12-2-ab12cd` -> `alice #12 (2)`; avatars and others show their first word."""
    parts = name.removesuffix("-small").split("-")
    if len(parts) >= 3 and parts[1].isdigit():
        return f"{parts[0]} #{parts[1]} ({parts[2]})"
    return parts[0]


def render_svg(name: str) -> bytes:
    digest = hashlib.sha256(name.encode()).digest()
    background = f"hsl({digest[0] * 360 // 256}, 55%, 78%)"
    shapes = []
    for index in range(4):
        hue = digest[1 + index] * 360 // 256
        x, y, r = 20 + digest[5 + index] % 360, 20 + digest[9 + index] % 260, 20 + digest[13 + index] % 70
        shapes.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="hsl({hue}, 65%, 55%)" fill-opacity="0.8"/>')
    shapes.append(f'<rect x="{digest[17] % 300}" y="{digest[18] % 200}" width="90" height="60" '
                  f'fill="hsl({digest[19] * 360 // 256}, 60%, 40%)" fill-opacity="0.7"/>')
    label = escape(_label(name))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
        f'<rect width="400" height="300" fill="{background}"/>{"".join(shapes)}'
        '<text x="200" y="160" font-family="sans-serif" font-size="36" text-anchor="middle" '
        f'fill="#111" stroke="#fff" stroke-width="1">{label}</text></svg>'
    )
    return svg.encode()
