"""Read a server's nodeinfo (`/.well-known/nodeinfo`, then the newest 2.x document it links): which software
and version it runs. Public documents, read without the token. No Django here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from platforms.errors import BadPayload, NotFound, RefusedLink
from platforms.http import HttpPolicy, decode_json, origin_of

WELL_KNOWN = "/.well-known/nodeinfo"
_SCHEMA = re.compile(r"^https?://nodeinfo\.diaspora\.software/ns/schema/(2\.\d+)$")
NAME_LIMIT, VERSION_LIMIT = 64, 100


@dataclass(frozen=True, slots=True)
class NodeInfo:
    software: str  # lower case, as the server names itself ("mastodon", "gotosocial", ...)
    version: str
    schema: str  # "2.0", "2.1", ...


def read_nodeinfo(http: HttpPolicy, instance_url: str, *, allowed_origins=None) -> NodeInfo | None:
    """None when the server publishes no nodeinfo (404); BadPayload when it publishes something unreadable;
    RefusedLink when the document lives on another origin (its answer would not be about this server)."""
    origins = allowed_origins or frozenset({origin_of(instance_url)})
    try:
        index = decode_json(http.request("GET", f"{instance_url}{WELL_KNOWN}", allowed_origins=origins,
                                         decode=True)).data
    except NotFound:
        return None
    schema, href = _newest_link(index)
    if origin_of(href) not in origins:
        raise RefusedLink(f"nodeinfo links to another host: {href.split('?')[0][:200]}", url=instance_url)
    document = decode_json(http.request("GET", href, allowed_origins=origins, decode=True)).data
    return parse_nodeinfo(document, schema=schema)


def parse_nodeinfo(document: Any, *, schema: str = "2.0") -> NodeInfo:
    software = document.get("software") if isinstance(document, dict) else None
    name = software.get("name") if isinstance(software, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise BadPayload("nodeinfo without software.name", field="software.name")
    version = software.get("version")
    return NodeInfo(software=name.strip().lower()[:NAME_LIMIT],
                    version=(version if isinstance(version, str) else "").strip()[:VERSION_LIMIT],
                    schema=schema)


def _newest_link(index: Any) -> tuple[str, str]:
    links = index.get("links") if isinstance(index, dict) else None
    found = []
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, dict) or not isinstance(link.get("href"), str):
            continue
        match = _SCHEMA.match(str(link.get("rel") or ""))
        if match:
            found.append((tuple(int(p) for p in match.group(1).split(".")), match.group(1), link["href"]))
    if not found:
        raise BadPayload("/.well-known/nodeinfo lists no 2.x document", field="links")
    _, schema, href = max(found)
    return schema, href
