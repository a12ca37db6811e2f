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
        self._access_token = access_token
        self.http = http or HttpPolicy(**{**self.default_policy_options, **policy_options})
        # Malformed items skipped inside iterators (likers, events); pages carry their own bad_items.
        self.bad_items: list[BadPayload] = []

    def __repr__(self) -> str:  # never show the token
        return f"{type(self).__name__}({self.instance_url!r})"

    @property
    def request_count(self) -> int:
        return self.http.request_count

    def api_url(self, path: str) -> str:
        return f"{self.instance_url}{path}"

    def is_same_origin(self, url: str) -> bool:
        """Only follow pagination links to our own instance: the token must never go elsewhere."""
        return _origin(self.instance_url) == _origin(url)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"https": 443, "http": 80}.get(scheme)
    except ValueError:
        return ("", "", None)
    return (scheme, (parts.hostname or "").rstrip("."), port)
