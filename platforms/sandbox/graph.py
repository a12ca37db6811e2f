"""The sandbox's third instance: an imitation of the Graph API for Instagram professional accounts.

Serves `/{ig-user-id}/media` (cursor paging), media nodes and `children`, `/{media-id}/insights`,
`/{media-id}/comments` with `/{comment-id}/replies`, `/me`, `/{ig-user-id}` and `refresh_access_token`,
with error bodies shaped as Graph sends them (`{"error": {"message", "type", "code", "fbtrace_id"}}`).
The world is small and seeded; a version prefix (`/v25.0/...`) is accepted and ignored.

Development tool only.
"""

from __future__ import annotations

import base64
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from platforms.sandbox.app import Outcome
from platforms.sandbox.config import SandboxConfig
from platforms.sandbox.graph_oauth import FB_USER_ID, MetaLogin, accounts_page
from platforms.sandbox.routing import Request, Response, json_response
from platforms.sandbox.svg import render_svg, valid_name

API_VERSION = "v25.0"
CURRENT_METRICS = ("views", "reach", "saved", "likes", "comments", "shares", "total_interactions")
DEPRECATED_METRICS = ("impressions", "plays", "video_views", "engagement", "clips_replays_count")
USER_FIELDS = frozenset({"id", "user_id", "username", "name", "profile_picture_url", "followers_count",
                         "follows_count", "media_count", "biography", "website"})
MEDIA_FIELDS = frozenset({"id", "caption", "media_type", "media_product_type", "media_url", "thumbnail_url",
                          "permalink", "timestamp", "like_count", "comments_count", "username", "children"})
COMMENT_FIELDS = frozenset({"id", "text", "timestamp", "username", "from", "like_count", "hidden", "replies",
                            "media", "parent_id"})
DEFAULT_LIMIT = 25
MAX_LIMIT = 100


@dataclass(slots=True)
class GraphHost:
    """What the shared request handler needs of the served instance."""

    platform: str = "instagram"
    base_url: str = "http://127.0.0.1"


@dataclass(slots=True)
class IgComment:
    id: str
    text: str
    timestamp: float
    username: str
    user_id: str
    like_count: int
    replies: list[IgComment] = field(default_factory=list)
    parent_id: str | None = None


@dataclass(slots=True)
class IgMedia:
    id: str
    owner: str
    caption: str
    media_type: str  # IMAGE, VIDEO, CAROUSEL_ALBUM
    product_type: str  # FEED, REELS
    timestamp: float
    like_count: int
    insights: dict[str, int]
    comments: list[IgComment] = field(default_factory=list)
    children: list[IgMedia] = field(default_factory=list)


@dataclass(slots=True)
class IgUser:
    key: str
    id: str
    username: str
    name: str
    followers: int
    follows: int
    media: list[IgMedia] = field(default_factory=list)  # newest first


class GraphError(Exception):
    def __init__(self, status: int, message: str, code: int, subcode: int | None = None,
                 type_: str = "OAuthException") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.subcode, self.type = status, message, code, subcode, type_
        self.headers: dict[str, str] = {}

    def response(self) -> Response:
        body: dict[str, Any] = {"message": self.message, "type": self.type, "code": self.code,
                                "fbtrace_id": "ASandboxTrace" + str(self.code)}
        if self.subcode is not None:
            body["error_subcode"] = self.subcode
        return json_response({"error": body}, self.status, self.headers)


class GraphWorld:
    """Two business accounts with seeded media, comments, replies and insights; tokens per account."""

    def __init__(self, config: SandboxConfig) -> None:
        rng = random.Random(config.seed * 7919 + 14)
        start = config.start if config.start is not None else time.time()
        self.users: dict[str, IgUser] = {}
        self.media: dict[str, IgMedia] = {}
        self.comments: dict[str, IgComment] = {}
        self.tokens: dict[str, IgUser] = {}
        self._serial = 0
        for number, (key, name) in enumerate((("studio", "North Light Studio"), ("bakery", "Crumb & Co"))):
            user = IgUser(key=f"ig_{key}", id=f"1784140{number:04d}{rng.randrange(10**6):06d}",
                          username=f"{key}_sandbox", name=name, followers=rng.randrange(200, 5000),
                          follows=rng.randrange(10, 400))
            self.users[user.id] = user
            self.tokens[f"IGSANDBOX{key.upper()}TOKEN"] = user
            count = config.posts_per_account or rng.randrange(30, 60)
            for index in range(count):
                user.media.append(self._make_media(rng, user, start - index * 5400 - rng.randrange(3000)))

    def _next_id(self, prefix: str) -> str:
        self._serial += 1
        return f"{prefix}{self._serial:012d}"

    def _make_media(self, rng: random.Random, user: IgUser, posted: float) -> IgMedia:
        kind = rng.choices(("IMAGE", "VIDEO", "CAROUSEL_ALBUM"), weights=(5, 2, 2))[0]
        likes = rng.randrange(0, 400)
        media = IgMedia(id=self._next_id("17900"), owner=user.id, media_type=kind,
                        caption=f"{user.name} #{len(user.media) + 1} #sandbox",
                        product_type="REELS" if kind == "VIDEO" and rng.random() < 0.5 else "FEED",
                        timestamp=posted, like_count=likes, insights={})
        if kind == "CAROUSEL_ALBUM":
            for _ in range(rng.randrange(2, 5)):
                child = IgMedia(id=self._next_id("17901"), owner=user.id, caption="",
                                media_type=rng.choice(("IMAGE", "VIDEO")), product_type="FEED",
                                timestamp=posted, like_count=0, insights={})
                media.children.append(child)
                self.media[child.id] = child
        for _ in range(rng.choices((0, 1, 2, 4, 30), weights=(4, 3, 3, 2, 1))[0]):
            comment = self._make_comment(rng, posted)
            for _ in range(rng.choices((0, 1, 3), weights=(5, 3, 1))[0]):
                reply = self._make_comment(rng, comment.timestamp, parent=comment.id)
                comment.replies.append(reply)
            media.comments.append(comment)
        reach = rng.randrange(likes + 10, likes * 4 + 50)
        saved, shares = rng.randrange(0, 30), rng.randrange(0, 20)
        total_comments = sum(1 + len(c.replies) for c in media.comments)
        media.insights = {"views": reach + rng.randrange(0, reach), "reach": reach, "saved": saved,
                          "likes": likes, "comments": total_comments, "shares": shares,
                          "total_interactions": likes + total_comments + saved + shares}
        self.media[media.id] = media
        return media

    def _make_comment(self, rng: random.Random, after: float, parent: str | None = None) -> IgComment:
        fan = rng.randrange(1, 200)
        comment = IgComment(id=self._next_id("17902"), text=f"Lovely work #{fan}", username=f"fan{fan}",
                            user_id=f"1785{fan:08d}", timestamp=after + rng.randrange(60, 86400),
                            like_count=rng.randrange(0, 12), parent_id=parent)
        self.comments[comment.id] = comment
        return comment

    def truth(self, user_id: str) -> dict[str, Any]:
        """What a complete sync of the account must store (for end-to-end tests)."""
        user = self.users[user_id]
        return {"media": len(user.media),
                "comments": sum(1 + len(c.replies) for m in user.media for c in m.comments),
                "insights": {m.id: dict(m.insights) for m in user.media}}


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def parse_fields(spec: str) -> dict[str, str | None]:
    """`id,children{media_type,media_url},from` -> {"id": None, "children": "media_type,media_url", ...}."""
    fields: dict[str, str | None] = {}
    depth, name, inner = 0, "", ""
    for char in spec + ",":
        if char == "{":
            depth += 1
            if depth == 1:
                continue
        elif char == "}":
            depth -= 1
            if depth == 0:
                continue
        if depth > 0:
            inner += char
        elif char == ",":
            if name.strip():
                fields[name.strip()] = inner or None
            name, inner = "", ""
        else:
            name += char
    return fields


class GraphApp:
    """Answers the Graph API paths of the third sandbox server."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.world = GraphWorld(config)
        self.host = GraphHost()
        self.lock = threading.Lock()
        self.rate_limit_code: int | None = None  # 4, 17 or 32: every API call answers that limit
        self.calls = 0
        self.refreshed: list[str] = []
        self.login = MetaLogin(autoapprove=config.autoapprove)  # Facebook Login (graph_oauth.py)

    @property
    def base_url(self) -> str:
        return self.host.base_url

    def handle(self, request: Request, client: str) -> Outcome:
        path = request.path
        if path.startswith("/media/"):
            name = path.removeprefix("/media/").removesuffix(".svg")
            if not valid_name(name):
                return Outcome(GraphError(404, "Unknown path components", 2500).response())
            return Outcome(Response(200, render_svg(name), "image/svg+xml"))
        if path == "/__sandbox__/graph/rate_limit" and request.method == "POST":
            code = request.number("code", 0)
            with self.lock:
                self.rate_limit_code = code if code in (4, 17, 32) else None
            return Outcome(json_response({"rate_limit_code": self.rate_limit_code}))
        if path == "/__sandbox__/graph/accounts":
            return Outcome(json_response([
                {"key": u.key, "id": u.id, "username": u.username, "access_token": token}
                for token, u in self.world.tokens.items()]))
        if self.login.handles(request):
            with self.lock:
                return Outcome(self.login.handle(request))
        with self.lock:
            self.calls += 1
            try:
                response = self._api(request)
            except GraphError as exc:
                response = exc.response()
        usage = {"call_count": min(100, self.calls // 10), "total_cputime": 1, "total_time": 1}
        response.headers.setdefault("X-App-Usage", json.dumps(usage))
        return Outcome(response)

    # -- routing -------------------------------------------------------------------------------------

    def _api(self, request: Request) -> Response:
        segments = [part for part in request.path.split("/") if part]
        if segments and segments[0].startswith("v") and segments[0][1:].replace(".", "").isdigit():
            segments = segments[1:]
        if request.method != "GET" or not 1 <= len(segments) <= 2:
            raise GraphError(400, "Unsupported request - method type: " + request.method.lower(), 100)
        user = self._authenticate(request)
        if self.rate_limit_code is not None:
            raise self._rate_limited(self.rate_limit_code, user)
        if user is None:  # a Facebook user token (Facebook Login): the pages, or any Instagram account
            if segments == ["me", "accounts"]:
                return json_response(accounts_page(list(self.world.users.values())))
            if segments == ["me"]:
                return json_response({"id": FB_USER_ID, "name": "Sandbox Operator"})
            if segments == ["refresh_access_token"]:
                raise GraphError(400, "Facebook Login tokens are not refreshed here", 100)
        if segments == ["refresh_access_token"]:
            assert user is not None
            return self._refresh(request, user)
        node, edge = segments[0], (segments[1] if len(segments) == 2 else None)
        if node == "me" and user is not None:
            node = user.id
        fields = parse_fields(request.first("fields") or "")
        if node in self.world.users:
            return self._user(request, self.world.users[node], user, edge, fields)
        if node in self.world.media:
            return self._media_node(request, self.world.media[node], user, edge, fields)
        if node in self.world.comments:
            return self._comment_node(request, self.world.comments[node], user, edge, fields)
        raise GraphError(400, f"Unsupported get request. Object with ID '{node}' does not exist, cannot be "
                              "loaded due to missing permissions, or does not support this operation.",
                         100, 33)

    def _authenticate(self, request: Request) -> IgUser | None:
        """The Instagram user of an Instagram token; None for a Facebook user token (all sandbox pages)."""
        token = request.first("access_token") or request.bearer()
        if not token:
            raise GraphError(400, "An active access token must be used to query information about the "
                                  "current user.", 2500)
        if self.login.is_user_token(token):
            return None
        user = self.world.tokens.get(token)
        if user is None:
            raise GraphError(400, "Invalid OAuth access token - Cannot parse access token", 190)
        return user

    def _rate_limited(self, code: int, user: IgUser | None) -> GraphError:
        messages = {4: "(#4) Application request limit reached", 17: "(#17) User request limit reached",
                    32: "(#32) Page request limit reached"}
        error = GraphError(400, messages[code], code)
        usage = {"call_count": 100, "total_cputime": 40, "total_time": 60}
        error.headers = {"X-App-Usage": json.dumps(usage)}
        if code == 32:
            buc = {(user.id if user else FB_USER_ID): [{
                "type": "instagram", "call_count": 100, "total_cputime": 30, "total_time": 40,
                "estimated_time_to_regain_access": 15}]}
            error.headers["X-Business-Use-Case-Usage"] = json.dumps(buc)
        return error

    def _refresh(self, request: Request, user: IgUser) -> Response:
        if request.first("grant_type") != "ig_refresh_token":
            raise GraphError(400, "Unsupported grant_type", 100)
        token = f"IGSANDBOXREFRESHED{len(self.refreshed) + 1}{user.key.upper()}"
        self.world.tokens[token] = user
        self.refreshed.append(token)
        return json_response({"access_token": token, "token_type": "bearer", "expires_in": 5183944})

    # -- nodes ---------------------------------------------------------------------------------------

    def _check(self, fields: dict[str, str | None], allowed: frozenset[str], node_type: str) -> None:
        for name in fields:
            if name not in allowed:
                raise GraphError(400, f"(#100) Tried accessing nonexisting field ({name}) on node type "
                                      f"({node_type})", 100)

    def _own(self, owner_id: str, user: IgUser | None) -> None:
        if user is not None and owner_id != user.id:
            raise GraphError(400, "(#10) Application does not have permission for this action", 10)

    def _user(self, request: Request, target: IgUser, user: IgUser | None, edge: str | None,
              fields: dict[str, str | None]) -> Response:
        self._own(target.id, user)
        if edge == "media":
            self._check(fields, MEDIA_FIELDS, "IGMedia")
            return self._page(request, target.media, lambda m: self._media(m, fields or {"id": None}))
        if edge is not None:
            raise GraphError(400, f"(#100) Tried accessing nonexisting field ({edge}) on node type (IGUser)", 100)
        self._check(fields, USER_FIELDS, "IGUser")
        values = {"id": target.id, "user_id": target.id, "username": target.username, "name": target.name,
                  "profile_picture_url": f"{self.base_url}/media/{target.username}-avatar.svg",
                  "followers_count": target.followers, "follows_count": target.follows,
                  "media_count": len(target.media), "biography": "", "website": ""}
        return json_response({name: values[name] for name in (fields or {"id": None})} | {"id": target.id})

    def _media_node(self, request: Request, media: IgMedia, user: IgUser | None, edge: str | None,
                    fields: dict[str, str | None]) -> Response:
        self._own(media.owner, user)
        if edge is None:
            self._check(fields, MEDIA_FIELDS, "IGMedia")
            return json_response(self._media(media, fields or {"id": None}))
        if edge == "children":
            self._check(fields, MEDIA_FIELDS, "IGMedia")
            return json_response({"data": [self._media(c, fields or {"id": None}) for c in media.children]})
        if edge == "insights":
            return json_response(self._insights(request, media))
        if edge == "comments":
            self._check(fields, COMMENT_FIELDS, "IGComment")
            return self._page(request, media.comments, lambda c: self._comment(c, fields or {"id": None}))
        raise GraphError(400, f"(#100) Tried accessing nonexisting field ({edge}) on node type (IGMedia)", 100)

    def _comment_node(self, request: Request, comment: IgComment, user: IgUser | None, edge: str | None,
                      fields: dict[str, str | None]) -> Response:
        self._check(fields, COMMENT_FIELDS, "IGComment")
        if edge == "replies":
            return self._page(request, comment.replies, lambda c: self._comment(c, fields or {"id": None}))
        if edge is not None:
            raise GraphError(400, f"(#100) Tried accessing nonexisting field ({edge}) on node type "
                                  "(IGComment)", 100)
        return json_response(self._comment(comment, fields or {"id": None}))

    def _insights(self, request: Request, media: IgMedia) -> dict[str, Any]:
        metrics = [m for m in (request.first("metric") or "").split(",") if m]
        if not metrics:
            raise GraphError(400, "(#100) The parameter metric is required", 100)
        for index, metric in enumerate(metrics):
            if metric in DEPRECATED_METRICS:
                raise GraphError(400, f"(#100) Starting from version v22.0 and above, the {metric} metric is "
                                      "no longer supported. Please use views instead.", 100)
            if metric not in CURRENT_METRICS:
                raise GraphError(400, f"(#100) metric[{index}] must be one of the following values: "
                                      + ", ".join(CURRENT_METRICS), 100)
        return {"data": [{"name": metric, "period": "lifetime", "values": [{"value": media.insights[metric]}],
                          "title": metric.replace("_", " ").capitalize(), "description": "",
                          "id": f"{media.id}/insights/{metric}/lifetime"} for metric in metrics]}

    def _media(self, media: IgMedia, fields: dict[str, str | None]) -> dict[str, Any]:
        name = f"ig-{media.id}"
        url = f"{self.base_url}/media/{name}.svg"
        values: dict[str, Any] = {
            "id": media.id, "caption": media.caption or None, "media_type": media.media_type,
            "media_product_type": media.product_type, "media_url": url,
            "thumbnail_url": url if media.media_type == "VIDEO" else None,
            "permalink": f"https://www.instagram.com/p/{media.id[-11:]}/", "timestamp": _stamp(media.timestamp),
            "like_count": media.like_count, "comments_count": sum(1 + len(c.replies) for c in media.comments),
            "username": self.world.users[media.owner].username,
        }
        out: dict[str, Any] = {}
        for name_, inner in fields.items():
            if name_ == "children":
                if media.children:
                    sub = parse_fields(inner or "id")
                    out["children"] = {"data": [self._media(c, sub | {"id": None}) for c in media.children]}
            elif values.get(name_) is not None:
                out[name_] = values[name_]
        return out | {"id": media.id}

    def _comment(self, comment: IgComment, fields: dict[str, str | None]) -> dict[str, Any]:
        values: dict[str, Any] = {"id": comment.id, "text": comment.text, "timestamp": _stamp(comment.timestamp),
                                  "username": comment.username, "like_count": comment.like_count,
                                  "from": {"id": comment.user_id, "username": comment.username},
                                  "hidden": False, "parent_id": comment.parent_id}
        out: dict[str, Any] = {}
        for name, inner in fields.items():
            if name == "replies":
                if comment.replies:
                    sub = parse_fields(inner or "id")
                    first = comment.replies[:DEFAULT_LIMIT]
                    page: dict[str, Any] = {"data": [self._comment(r, sub | {"id": None}) for r in first]}
                    if len(comment.replies) > DEFAULT_LIMIT:
                        page["paging"] = {"cursors": {"after": _cursor(DEFAULT_LIMIT)}}
                    out["replies"] = page
            elif values.get(name) is not None:
                out[name] = values[name]
        return out | {"id": comment.id}

    def _page(self, request: Request, items: list[Any], render: Any) -> Response:
        limit = max(1, min(MAX_LIMIT, request.number("limit", DEFAULT_LIMIT)))
        offset = _offset(request.first("after"))
        chunk = items[offset: offset + limit]
        body: dict[str, Any] = {"data": [render(item) for item in chunk]}
        if chunk:
            cursors = {"before": _cursor(offset), "after": _cursor(offset + len(chunk))}
            body["paging"] = {"cursors": cursors}
            if offset + len(chunk) < len(items):
                query = [(k, v) for k, v in request.query if k != "after"] + [("after", cursors["after"])]
                body["paging"]["next"] = f"{self.base_url}/{API_VERSION}{_edge_path(request.path)}?" \
                                         f"{urlencode(query)}"
        return json_response(body)


def _edge_path(path: str) -> str:
    segments = [part for part in path.split("/") if part]
    if segments and segments[0].startswith("v") and segments[0][1:].replace(".", "").isdigit():
        segments = segments[1:]
    return "/" + "/".join(segments)


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return max(0, int(raw.removeprefix("offset:")))
    except ValueError as exc:
        raise GraphError(400, "(#100) Invalid cursor", 100) from exc
