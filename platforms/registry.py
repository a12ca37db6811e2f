"""Platform name -> client class. The sync engine asks here, never `if platform == ...`.

Adding a platform: one new package and one line in BUILTIN_CLIENTS (see docs/adding-a-platform.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from platforms.base import PlatformClient
from platforms.errors import UnknownPlatform

# Dotted paths, imported on first use so that naming a platform costs nothing until it is called.
BUILTIN_CLIENTS: dict[str, str] = {
    "mastodon": "platforms.mastodon.MastodonClient",
    "pixelfed": "platforms.pixelfed.PixelfedClient",
    "instagram": "platforms.instagram.InstagramClient",
}

_registry: dict[str, type[PlatformClient]] = {}


def register[C: type[PlatformClient]](cls: C) -> C:
    """Class decorator for plug-ins outside this package (and tests): registers `cls` under `cls.name`."""
    _registry[cls.name] = cls
    return cls


def get_client_class(name: str) -> type[PlatformClient]:
    if name not in _registry:
        _registry[name] = _load_builtin(name)
    return _registry[name]


def create_client(name: str, instance_url: str, token: str, **options: Any) -> PlatformClient:
    """`create_client("mastodon", url, token, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS)`."""
    return get_client_class(name)(instance_url, token, **options)  # type: ignore[call-arg]


def platform_names() -> list[str]:
    return sorted({*BUILTIN_CLIENTS, *_registry})


def as_choices() -> list[tuple[str, str]]:
    """(name, label) pairs for a model field's `choices`, in name order."""
    return [(name, get_client_class(name).label) for name in platform_names()]


def _load_builtin(name: str) -> type[PlatformClient]:
    path = BUILTIN_CLIENTS.get(name)
    if path is None:
        raise UnknownPlatform(f"no platform client named {name!r}; known: {', '.join(platform_names())}")
    module_name, _, class_name = path.rpartition(".")
    cls = getattr(import_module(module_name), class_name)
    if cls.name != name:
        raise UnknownPlatform(f"{path} is registered as {name!r} but calls itself {cls.name!r}")
    return cls
