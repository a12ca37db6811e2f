"""The sandbox's nodeinfo: `/.well-known/nodeinfo` and `/nodeinfo/2.0`, in the recorded Mastodon 4.6.4 shape.

The Mastodon-like instance names itself `mastodon` unless the `software` switch names another server (e.g.
`misskey`, to see a refusal) or a `quirks` mode imitates one (`gotosocial` and its version); the Pixelfed-like
one is always `pixelfed`. Development tool only.
"""

from __future__ import annotations

import re

from platforms.sandbox.model import Instance, Platform
from platforms.sandbox.quirks import PLAIN, Quirks
from platforms.sandbox.routing import Response, json_response

PATHS = ("/.well-known/nodeinfo", "/nodeinfo/2.0")
_COMPATIBLE = re.compile(r"\(compatible; Pixelfed ([^)]+)\)")


def nodeinfo_response(path: str, instance: Instance, *, software: str, quirks: Quirks = PLAIN) -> Response:
    if path == "/.well-known/nodeinfo":
        return json_response({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                                         "href": f"{instance.base_url}/nodeinfo/2.0"}]})
    name, version = _software_of(instance, software, quirks)
    return json_response({
        "version": "2.0", "software": {"name": name, "version": version}, "protocols": ["activitypub"],
        "services": {"outbound": [], "inbound": []}, "openRegistrations": False,
        "usage": {"users": {"total": len(instance.accounts)}, "localPosts": len(instance.statuses)},
        "metadata": {"nodeName": instance.title},
    })


def _software_of(instance: Instance, software: str, quirks: Quirks) -> tuple[str, str]:
    if instance.platform is Platform.PIXELFED:
        match = _COMPATIBLE.search(instance.version)
        return "pixelfed", match.group(1) if match else instance.version
    if software and software != "mastodon":
        return software, "sandbox"  # a name only: the instance still behaves as Mastodon (or as its quirks)
    if quirks.software:
        return quirks.software, instance.version
    return "mastodon", instance.version
