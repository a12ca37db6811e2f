"""Dispatches one HTTP request of either instance: controls, media, then the API behind faults,
the rate limit and token checks.

Development tool only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from platforms.sandbox import api, api_statuses
from platforms.sandbox.api import Call
from platforms.sandbox.config import SandboxConfig
from platforms.sandbox.control import handle_control
from platforms.sandbox.faults import Fault, FaultInjector, FaultSpec
from platforms.sandbox.hostile import HostilePlan
from platforms.sandbox.model import Account, Platform
from platforms.sandbox.nodeinfo import PATHS as NODEINFO_PATHS
from platforms.sandbox.nodeinfo import nodeinfo_response
from platforms.sandbox.oauth import OAuthServer
from platforms.sandbox.ratelimit import RateLimiter
from platforms.sandbox.routing import Request, Response, Route, error, json_response, match, route
from platforms.sandbox.svg import render_svg, valid_name
from platforms.sandbox.world import Viewer, World

ROUTES: list[Route] = [
    route("GET", "/api/v1/instance", api.get_instance_v1, public=True),
    route("GET", "/api/v2/instance", api.get_instance_v2, public=True),
    route("GET", "/api/v1/accounts/verify_credentials", api.verify_credentials),
    route("GET", "/api/v1/accounts/lookup", api.lookup_account),
    route("GET", "/api/v1/accounts/:id", api.get_account),
    route("GET", "/api/v1/accounts/:id/statuses", api.account_statuses),
    route("GET", "/api/v1/statuses", api_statuses.get_statuses),
    route("GET", "/api/v1/statuses/:id", api_statuses.get_status),
    route("GET", "/api/v1/statuses/:id/favourited_by", api_statuses.favourited_by),
    route("GET", "/api/v1/statuses/:id/reblogged_by", api_statuses.reblogged_by),
    route("GET", "/api/v1/statuses/:id/context", api_statuses.context),
    route("GET", "/api/v1/statuses/:id/history", api_statuses.history),
    route("GET", "/api/v1/statuses/:id/source", api_statuses.source),
    route("GET", "/api/v1/notifications", api_statuses.notifications),
]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The response and how long to wait before sending it (a slow fault)."""

    response: Response
    delay: float = 0.0


class SandboxApp:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.world = World(config)
        # With rounded resets the windows start 0.7 s past a second, so the floored header is 0.7 s early.
        self.limiter = RateLimiter(config.hard_rate_limit or config.rate_limit, config.rate_window,
                                   origin=0.7 if config.reset_rounded_down else 0.0,
                                   round_down=config.reset_rounded_down)
        self.faults = FaultInjector(FaultSpec.parse(config.faults), config.seed, config.slow_seconds)
        # What the sandbox answered, so tests can prove a client never hit the rate limit.
        self.stats = {"api_requests": 0, "rate_limited": 0, "faults": 0}
        self.oauth = OAuthServer(autoapprove=config.autoapprove)

    def handle(self, request: Request, client: str) -> Outcome:
        if request.path == "/__sandbox__/stats" and request.method == "GET":
            with self.world.lock:
                return Outcome(json_response(dict(self.stats)))
        if request.path == "/__sandbox__/faults" and request.method == "POST":
            # Tests switch faults off to prove that a later run completes the data.
            self.faults = FaultInjector(FaultSpec.parse(request.first("spec") or "0"), self.config.seed,
                                        self.config.slow_seconds)
            return Outcome(json_response({"faults": request.first("spec") or "0"}))
        if request.path == "/__sandbox__/hostile" and request.method == "POST":
            # Tests store a clean state first, then switch hostile cases on to prove nothing is lost.
            try:
                plan = HostilePlan.build(request.first("cases") or "", self.world.built)
            except ValueError as problem:
                return Outcome(error(400, str(problem)))
            with self.world.lock:
                self.world.hostile = plan
            return Outcome(json_response({"hostile": sorted(plan.cases)}))
        if request.path.startswith("/__sandbox__/"):
            with self.world.lock:
                return Outcome(handle_control(self.world, request))
        if self.oauth.handles(request):
            with self.world.lock:
                return Outcome(self.oauth.handle(request))
        if request.path.startswith("/media/"):
            return Outcome(_media(request.path))
        if request.path in NODEINFO_PATHS:
            with self.world.lock:
                return Outcome(nodeinfo_response(request.path, request.instance, software=self.config.software,
                                                           quirks=self.world.quirks))
        if not request.path.startswith("/api/"):
            return Outcome(error(404, "Not Found"))
        return self._api(request, client)

    def _api(self, request: Request, client: str) -> Outcome:
        drawn = self.faults.draw()
        with self.world.lock:
            self.stats["api_requests"] += 1
            self.stats["faults"] += drawn.fault is not None
        if drawn.fault is Fault.ERROR:
            body = f"<html><body><h1>{drawn.status} Bad Gateway</h1></body></html>".encode()
            return Outcome(Response(drawn.status, body, "text/html; charset=utf-8"))
        response = self._limited(request, client)
        if drawn.fault is Fault.TRUNCATE and response.is_json and len(response.body) > 1:
            response.body = response.body[: len(response.body) // 2]
        return Outcome(response, drawn.delay + self.config.latency)

    def _limited(self, request: Request, client: str) -> Response:
        hard = self.config.hard_rate_limit > 0
        if request.instance.platform is not Platform.MASTODON and not hard:
            return self._routed(request)  # Pixelfed has no rate-limit middleware on its API routes
        if not self.world.quirks.rate_limit_headers and not hard:
            return self._routed(request)  # GoToSocial with `advanced-rate-limit-requests: 0`: no limiter at all
        budget = self.limiter.spend(request.bearer() or f"ip:{client}")
        if budget.exhausted:
            with self.world.lock:
                self.stats["rate_limited"] += 1
            response = error(429, "Too many requests")
            response.headers.update(budget.refusal_headers(time.time()))
            return response
        response = self._routed(request)
        response.headers = {**budget.headers(), **response.headers}
        return response

    def _routed(self, request: Request) -> Response:
        found = match(ROUTES, request.method, request.path)
        if found is None:
            return error(404, "Not Found")
        chosen, request.params = found
        with self.world.lock:
            now = self.world.observe()
            refused, account = self._authenticate(request, public=chosen.public)
            if refused is not None:
                return refused
            viewer = Viewer(request.instance, account, now)
            hostile = self.world.hostile
            if hostile.cases and "id" in request.params and request.path.startswith("/api/v1/statuses/"):
                refusal = hostile.refusal(request, self.world.find_status(viewer, request.params["id"]))
                if refusal is not None:
                    return refusal
            return hostile.finish(chosen.handler(Call(request, self.world, viewer)))

    def _authenticate(self, request: Request, *, public: bool) -> tuple[Response | None, Account | None]:
        token = request.bearer()
        pixelfed = request.instance.platform is Platform.PIXELFED
        if token is None:
            if public:
                return None, None
            if pixelfed:
                return error(403, "This action is unauthorized.", key="message"), None
            return error(401, "The access token is invalid"), None
        account = self.world.account_by_token(request.instance, token)
        if account is None:
            return (error(401, "Unauthenticated.", key="message") if pixelfed
                    else error(401, "The access token is invalid")), None
        if account.revoked:
            return error(401, "The access token was revoked"), None
        return None, account


def _media(path: str) -> Response:
    name = path.removeprefix("/media/").removesuffix(".svg")
    if not path.endswith(".svg") or not valid_name(name):
        return error(404, "Not Found")
    response = Response(200, render_svg(name), "image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


