"""The sandbox's HTTP servers: one port per instance (Mastodon-like at P, Pixelfed-like at P+1,
Instagram Graph API-like at P+2),
a blocking `serve()` for the command line and `start_sandbox()` for tests.

Development tool only: binds 127.0.0.1 and hands out access tokens at /__sandbox__/accounts.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from urllib.request import Request as UrlRequest
from urllib.request import urlopen

from platforms.sandbox.app import SandboxApp
from platforms.sandbox.config import SandboxConfig
from platforms.sandbox.graph import GraphApp
from platforms.sandbox.model import Platform
from platforms.sandbox.routing import Request

logger = logging.getLogger("platforms.sandbox")


class InstanceServer(ThreadingHTTPServer):
    """Serves one instance of the shared sandbox app."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: SandboxApp | GraphApp, instance: Any) -> None:
        super().__init__(address, SandboxRequestHandler)
        self.app = app
        self.instance = instance


class SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients' sessions expect
    # Headers and body go out in two writes; without this, Nagle + delayed ACK cost 40 ms a request.
    disable_nagle_algorithm = True
    server: InstanceServer
    server_version = "PostFlowSandbox/1"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        body = self._drain_body()
        parts = urlsplit(self.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            query += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)  # OAuth forms
        request = Request(method, parts.path, query,
                          {name.lower(): value for name, value in self.headers.items()}, self.server.instance)
        outcome = self.server.app.handle(request, self.client_address[0])
        if outcome.delay:
            time.sleep(outcome.delay)
        response = outcome.response
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def _drain_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.app.config.verbose:
            logger.info("%s %s", self.server.instance.platform, format % args)


class SandboxHandle:
    """A running sandbox (both instances) for tests: URLs, controls, and `stop()`."""

    def __init__(self, app: SandboxApp, servers: dict[Platform, InstanceServer],
                 graph: InstanceServer | None = None) -> None:
        self.app = app
        self.servers = servers
        self.graph_server = graph
        if graph is not None:
            servers = {**servers, "instagram": graph}
        self._threads = [
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                             name=f"sandbox-{platform}", daemon=True)
            for platform, server in servers.items()
        ]
        for thread in self._threads:
            thread.start()

    @property
    def mastodon_url(self) -> str:
        """The URL clients connect with (127.0.0.1); with alias_links the server calls itself localhost."""
        return self.app.world.instance(Platform.MASTODON).connect_url

    @property
    def pixelfed_url(self) -> str:
        return self.app.world.instance(Platform.PIXELFED).connect_url

    @property
    def mastodon_canonical_url(self) -> str:
        return self.app.world.instance(Platform.MASTODON).base_url

    @property
    def pixelfed_canonical_url(self) -> str:
        return self.app.world.instance(Platform.PIXELFED).base_url

    @property
    def graph(self) -> GraphApp:
        assert self.graph_server is not None
        return self.graph_server.app  # type: ignore[return-value]

    @property
    def instagram_url(self) -> str:
        """The Graph API-like instance (an Instagram account's instance URL in tests and the demo)."""
        return self.graph.base_url

    def _control(self, method: str, action: str, **query: Any) -> Any:
        params = "&".join(f"{key}={value}" for key, value in query.items() if value is not None)
        url = f"{self.mastodon_url}/__sandbox__/{action}" + (f"?{params}" if params else "")
        with urlopen(UrlRequest(url, method=method), timeout=30) as answer:  # noqa: S310 - our own server
            return json.loads(answer.read())

    def accounts(self) -> list[dict[str, Any]]:
        return self._control("GET", "accounts")

    def account(self, key: str) -> dict[str, Any]:
        return next(entry for entry in self.accounts() if entry["key"] == key)

    def truth(self, account: str | None = None) -> dict[str, Any]:
        return self._control("GET", "truth", account=account)

    def clock(self) -> dict[str, Any]:
        return self._control("GET", "clock")

    def stats(self) -> dict[str, Any]:
        return self._control("GET", "stats")

    def set_faults(self, spec: str) -> dict[str, Any]:
        return self._control("POST", "faults", spec=spec)

    def set_hostile(self, cases: str) -> dict[str, Any]:
        """Switch hostile cases on (comma-separated) or off (empty) while running."""
        return self._control("POST", "hostile", cases=cases)

    def advance(self, seconds: float) -> dict[str, Any]:
        return self._control("POST", "advance", seconds=seconds)

    def like(self, post: str, actor: str | None = None) -> dict[str, Any]:
        return self._control("POST", "like", post=post, actor=actor)

    def edit(self, post: str) -> dict[str, Any]:
        return self._control("POST", "edit", post=post)

    def delete(self, post: str) -> dict[str, Any]:
        return self._control("POST", "delete", post=post)

    def swap_like(self, post: str) -> dict[str, Any]:
        """One fan unfavourites, another favourites: same count, different likers."""
        return self._control("POST", "swap_like", post=post)

    def edit_old(self, account: str, days: float | None = None) -> dict[str, Any]:
        """Edit the account's newest media post older than `days` (default 2): only a listing sees it."""
        return self._control("POST", "edit_old", account=account, days=days)

    def stop(self) -> None:
        for server in [*self.servers.values(), *([self.graph_server] if self.graph_server else [])]:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(config: SandboxConfig) -> tuple[SandboxApp, dict[Platform, InstanceServer], InstanceServer]:
    if config.host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the sandbox is a development tool: it binds to the loopback address only")
    app = SandboxApp(config)
    servers: dict[Platform, InstanceServer] = {}
    for offset, platform in enumerate((Platform.MASTODON, Platform.PIXELFED)):
        port = config.port + offset if config.port else 0
        instance = app.world.instance(platform)
        try:
            server = InstanceServer((config.host, port), app, instance)
        except OSError:
            for started in servers.values():
                started.server_close()
            raise
        bound = server.server_address[1]
        instance.connect_url = f"http://{config.host}:{bound}"
        # alias_links: the server names itself by another host name of the same address (GoToSocial
        # configured as localhost, reached at 127.0.0.1); localhost resolves to the loopback we bind.
        instance.base_url = f"http://localhost:{bound}" if config.alias_links else instance.connect_url
        servers[platform] = server
    graph = GraphApp(config)
    try:
        graph_server = InstanceServer((config.host, config.port + 2 if config.port else 0), graph, graph.host)
    except OSError:
        for started in servers.values():
            started.server_close()
        raise
    graph.host.base_url = f"http://{config.host}:{graph_server.server_address[1]}"
    return app, servers, graph_server


def start_sandbox(config: SandboxConfig | None = None, **options: Any) -> SandboxHandle:
    """Start both instances in background threads; `port=0` (the default here) picks free ports."""
    base = config or SandboxConfig(port=0)
    return SandboxHandle(*_bind(replace(base, **options)))


def serve(config: SandboxConfig, *, announce: Any = print) -> None:
    """Run until interrupted (Ctrl-C), announcing the base URLs first."""
    handle = SandboxHandle(*_bind(config))
    announce(f"PostFlow sandbox (development tool), seed {config.seed}")
    announce(f"  Mastodon-like: {handle.mastodon_url}")
    announce(f"  Pixelfed-like: {handle.pixelfed_url}")
    announce(f"  Instagram Graph API-like: {handle.instagram_url}")
    announce(f"  accounts and tokens: {handle.mastodon_url}/__sandbox__/accounts")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        announce("stopping the sandbox")
    finally:
        handle.stop()
