"""The socket-level guards under HttpPolicy: only global addresses are connected to, bodies are read bounded.

Why our own adapter and not requests-hardened's IPFilterAdapter: that one refuses `is_private` ranges plus a
list, resolves once and connects to the first answer; ours refuses every address that is not
`ipaddress.is_global` and checks the peer of the socket actually opened (`getpeername()`), so a DNS answer
that changes between a check and the connection (rebinding) cannot reach an internal service, whatever
resolver or address family urllib3 picked.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from platforms.errors import BadPayload
from platforms.urls import is_global_address

READ_CHUNK = 64 * 1024


class NonGlobalAddress(NewConnectionError):
    """The socket reached an address that is not global: never retried, reported as a refused link."""


_watched = threading.local()


class Watchdog:
    """Cuts the connection of the request running in this thread when the request deadline passes, so a
    server trickling its status line or headers cannot hold a worker either (reads between bytes would
    never time out). The connection registers itself here when it sends."""

    def __init__(self, seconds: float) -> None:
        self.connection: Any = None
        self.fired = False
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        _watched.dog = self
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        _watched.dog = None

    def _fire(self) -> None:
        sock = getattr(self.connection, "sock", None)
        if sock is None:
            return
        self.fired = True
        with contextlib.suppress(OSError):  # already closed: nothing left to cut
            sock.shutdown(socket.SHUT_RDWR)


class _Guarded:
    """Mixed into urllib3 connections: refuse a non-global peer (unless disabled), report to the watchdog."""

    check_peer = True

    def request(self, *args: Any, **kwargs: Any) -> Any:
        dog = getattr(_watched, "dog", None)
        if dog is not None:
            dog.connection = self
        return super().request(*args, **kwargs)  # type: ignore[misc]

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        peer = sock.getpeername()[0]
        if self.check_peer and not is_global_address(peer):
            sock.close()
            raise NonGlobalAddress(self, f"refused to connect to non-global address {peer}")  # type: ignore[arg-type]
        return sock


class _GuardedHTTPConnection(_Guarded, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    pass


class _WatchedHTTPConnection(_GuardedHTTPConnection):
    check_peer = False


class _WatchedHTTPSConnection(_GuardedHTTPSConnection):
    check_peer = False


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class GlobalOnlyAdapter(HTTPAdapter):
    """A transport adapter whose connections only ever reach global (public) addresses."""

    pools: ClassVar[dict[str, type[HTTPConnectionPool]]] = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self.pools)


class WatchedAdapter(GlobalOnlyAdapter):
    """For `allow_insecure` (dev, sandbox): any address, but still under the request watchdog."""

    pools: ClassVar[dict[str, type[HTTPConnectionPool]]] = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


def refused_address(exc: BaseException) -> str | None:
    """The message of a NonGlobalAddress buried in a requests ConnectionError, if that is what it was."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return None
        if isinstance(seen, NonGlobalAddress):
            return str(seen).rsplit(": ", 1)[-1]
        nested = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = getattr(seen, "reason", None) or nested or seen.__context__
    return None


def guard_session(session: requests.Session, *, global_only: bool = True) -> None:
    """Mount the guarded adapter for both schemes (the sandbox and dev pass global_only=False)."""
    adapter = GlobalOnlyAdapter if global_only else WatchedAdapter
    session.mount("http://", adapter())
    session.mount("https://", adapter())


class BodyTooLarge(BadPayload):
    """The body passed `max_response_bytes`: never retried (the server would send it again)."""


class DeadlinePassed(requests.exceptions.Timeout):
    """The whole request (all of its reads) outlasted `request_deadline`."""


def read_bounded(response: requests.Response, *, max_bytes: int, deadline: float, safe_url: str,
                 monotonic: Callable[[], float] = time.monotonic) -> bytes:
    """Read a streamed body in small reads, stopping at `max_bytes` or when the monotonic `deadline` passes.

    `read1` returns whatever arrived, so a server trickling one byte at a time is checked after each byte
    instead of filling a large buffer for minutes. Truncation surfaces as urllib3/requests errors.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        response.close()
        raise BodyTooLarge(f"response of {int(declared)} bytes exceeds the {max_bytes}-byte limit",
                           status=response.status_code, url=safe_url)
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if monotonic() > deadline:
                raise DeadlinePassed(f"request deadline passed after {size} bytes of the body")
            chunk = _read_some(raw)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise BodyTooLarge(f"response exceeds the {max_bytes}-byte limit (over {size} bytes read)",
                                   status=response.status_code, url=safe_url)
            chunks.append(chunk)
    except urllib3.exceptions.ReadTimeoutError:
        raise requests.exceptions.ReadTimeout("read timed out while reading the body") from None
    except (urllib3.exceptions.HTTPError, http.client.HTTPException) as exc:
        raise requests.exceptions.ChunkedEncodingError(f"truncated body: {type(exc).__name__}") from None
    finally:
        response.close()
    return b"".join(chunks)


def _read_some(raw: Any) -> bytes:
    read1 = getattr(raw, "read1", None)
    if read1 is not None:
        return read1(READ_CHUNK, decode_content=True) if _accepts_decode(raw) else read1(READ_CHUNK)
    return raw.read(READ_CHUNK)


def _accepts_decode(raw: Any) -> bool:
    return isinstance(raw, urllib3.response.BaseHTTPResponse)
