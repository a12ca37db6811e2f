"""The constructor, policy wiring and origin checks shared by every HTTP platform client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from platforms.base import PlatformClient
from platforms.errors import AuthError, BadPayload
from platforms.http import HttpPolicy
from platforms.urls import normalise_instance_url


class HttpPlatformClient(PlatformClient):
    """Base of the clients: `Client(instance_url, access_token, *, allow_insecure, http, **policy)`."""

    default_instance_url: ClassVar[str | None] = None
    default_policy_options: ClassVar[Mapping[str, Any]] = {}

    def __init__(
        self,
        instance_url: str,
        access_token: str,
        *,
        allow_insecure: bool = False,
        canonical_url: str | None = None,
        account_domain: str | None = None,
        software: str | None = None,
        http: HttpPolicy | None = None,
        **policy_options: Any,
    ) -> None:
        if http is not None and policy_options:
            raise TypeError("pass either an HttpPolicy or policy options, not both")
        if not access_token:
            raise AuthError("no access token for this account")
        self.instance_url = normalise_instance_url(instance_url or self.default_instance_url or "",
                                                   allow_insecure=allow_insecure)
        self.allow_insecure = allow_insecure
        # The server's own name (from its instance document): its links point there, so they are followed.
        self.canonical_url = (normalise_instance_url(canonical_url, allow_insecure=allow_insecure)
                              if canonical_url else None)
        self.account_domain = account_domain or None
        # The server software recorded from its nodeinfo (platforms.software); clients may adapt to it.
        self.software = (software or "").strip().lower() or None
        self._access_token = access_token
        self.http = http or HttpPolicy(**{**self.default_policy_options, "allow_insecure": allow_insecure,
                                          **policy_options})
        # Malformed items skipped inside iterators (likers, events); pages carry their own bad_items.
        self.bad_items: list[BadPayload] = []

    def __repr__(self) -> str:  # never show the token
        return f"{type(self).__name__}({self.instance_url!r})"

    @property
    def request_count(self) -> int:
        return self.http.request_count

    def api_url(self, path: str) -> str:
        return f"{self.instance_url}{path}"

    @property
    def allowed_origins(self) -> frozenset[tuple[str, str, int | None]]:
        """The origins this client may call with its token: the URL it was given and the server's own name."""
        urls = [self.instance_url] + ([self.canonical_url] if self.canonical_url else [])
        return frozenset(_origin(url) for url in urls)

    def is_same_origin(self, url: str) -> bool:
        """Only follow links to our own instance (either of its names): the token must never go elsewhere."""
        return _origin(url) in self.allowed_origins


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"https": 443, "http": 80}.get(scheme)
    except ValueError:
        return ("", "", None)
    return (scheme, (parts.hostname or "").rstrip("."), port)
