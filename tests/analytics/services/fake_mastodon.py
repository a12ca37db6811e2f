"""A tiny in-memory Mastodon served through `responses`, built from the recorded real payloads' shapes.

Tests change the world (add a like, delete a post) and count the HTTP calls each flow makes.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import responses

FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "mastodon"
BASE = "https://social.test"
OWN_ID = "117020565966271181"


def _fixture_body(name: str):
    return json.loads((FIXTURES / name).read_text())["body"]


STATUS_TEMPLATE = _fixture_body("status_with_media__media_post_multiple__04.json")
ACCOUNT_TEMPLATE = _fixture_body("verify_credentials__00__v1_accounts_verify_credentials.json")
INSTANCE_V2 = _fixture_body("instance__v2.json")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def account_json(remote_id: str, username: str) -> dict:
    body = copy.deepcopy(ACCOUNT_TEMPLATE)
    body.update(id=remote_id, username=username, acct=username, display_name=username.title(),
                url=f"{BASE}/@{username}", followers_count=1000, statuses_count=10)
    return body


def _replies_count(post) -> int:
    return len(post.comments) if post.replies_count is None else post.replies_count


@dataclass
class FakePost:
    remote_id: str
    posted_at: datetime
    caption: str = "<p>Hello <a href=\"https://social.test/tags/sunset\">#sunset</a></p>"
    media: int = 1
    likers: list[str] = field(default_factory=list)
    sharers: list[str] = field(default_factory=list)
    comments: list[tuple[str, str, str | None]] = field(default_factory=list)  # (id, author, in_reply_to)
    tags: tuple[str, ...] = ("sunset",)
    edited_at: datetime | None = None
    malformed: bool = False
    replies_count: int | None = None  # the server's own count; None: every comment (Mastodon counts direct ones)


class FakeMastodon:
    """Register with `responses`; `calls` counts requests per endpoint kind."""

    def __init__(self, posts: list[FakePost], *, page_size: int = 2) -> None:
        self.posts = posts
        self.page_size = page_size
        self.deleted: set[str] = set()
        self.status_override: dict[str, int] = {}  # path regex -> HTTP status to answer instead
        self.calls: dict[str, int] = {}
        self.notifications: list[dict] = []

    def notify_favourite(self, post: FakePost, liker: str, at: datetime, *, notification_id: str = "1") -> None:
        """A v1 `favourite` notification, as the server sends when `liker` likes `post` at `at`."""
        self.notifications.append({
            "id": notification_id, "type": "favourite", "created_at": iso(at),
            "group_key": f"favourite-{post.remote_id}",
            "account": account_json(f"fan-{liker}", liker), "status": {**STATUS_TEMPLATE, "id": post.remote_id},
        })

    def status_json(self, post: FakePost) -> dict:
        if post.malformed:
            return {"id": post.remote_id, "created_at": "not a date", "media_attachments": "nope"}
        body = copy.deepcopy(STATUS_TEMPLATE)
        body.update(
            id=post.remote_id, created_at=iso(post.posted_at), content=post.caption,
            url=f"{BASE}/@brand/{post.remote_id}",
            favourites_count=len(post.likers), reblogs_count=len(post.sharers), replies_count=_replies_count(post),
            edited_at=iso(post.edited_at) if post.edited_at else None, visibility="public",
            tags=[{"name": tag, "url": f"{BASE}/tags/{tag}"} for tag in post.tags],
            account=account_json(OWN_ID, "brand"),
        )
        body["media_attachments"] = body["media_attachments"][:1] * post.media if post.media else []
        return body

    def live_posts(self) -> list[FakePost]:
        return sorted((p for p in self.posts if p.remote_id not in self.deleted), key=lambda p: p.posted_at,
                      reverse=True)

    def find(self, remote_id: str) -> FakePost | None:
        return next((p for p in self.live_posts() if p.remote_id == remote_id), None)

    # --- responses wiring ---------------------------------------------------------------------------
    def register(self, mock: responses.RequestsMock) -> None:
        mock.add_callback(responses.GET, re.compile(rf"{BASE}/api/v[12]/instance.*"), self._route)
        mock.add_callback(responses.GET, re.compile(rf"{BASE}/api/v1/.*"), self._route)

    def _count(self, kind: str) -> None:
        self.calls[kind] = self.calls.get(kind, 0) + 1

    def _route(self, request):
        url = urlparse(request.url)
        query = parse_qs(url.query)
        for pattern, status in self.status_override.items():
            if re.search(pattern, url.path):
                self._count("override")
                return status, {}, json.dumps({"error": "forced"})
        handlers = [
            (r"^/api/v2/instance$", lambda m: (200, {}, INSTANCE_V2)),
            (r"^/api/v1/instance$", lambda m: (200, {}, INSTANCE_V2)),
            (r"^/api/v1/accounts/verify_credentials$", lambda m: (200, {}, account_json(OWN_ID, "brand"))),
            (r"^/api/v1/accounts/[^/]+/statuses$", lambda m: self._statuses(query)),
            (r"^/api/v1/statuses/([^/]+)/favourited_by$", lambda m: self._actors(m[1], "likers", query)),
            (r"^/api/v1/statuses/([^/]+)/reblogged_by$", lambda m: self._actors(m[1], "sharers", query)),
            (r"^/api/v1/statuses/([^/]+)/context$", lambda m: self._context(m[1])),
            (r"^/api/v1/statuses/([^/]+)/history$", lambda m: self._history(m[1])),
            (r"^/api/v1/statuses/([^/]+)$", lambda m: self._status(m[1])),
            (r"^/api/v1/notifications$", lambda m: (200, {}, self.notifications)),
        ]
        for pattern, handler in handlers:
            match = re.match(pattern, url.path)
            if match:
                self._count(pattern)
                status, headers, body = handler(match)
                return status, headers, json.dumps(body)
        return 404, {}, json.dumps({"error": "Record not found"})

    def _statuses(self, query):
        posts = self.live_posts()
        if "max_id" in query:
            ids = [p.remote_id for p in posts]
            posts = posts[ids.index(query["max_id"][0]) + 1:] if query["max_id"][0] in ids else []
        page = posts[: self.page_size]
        headers = {}
        if len(posts) > self.page_size:
            next_url = f"{BASE}/api/v1/accounts/{OWN_ID}/statuses?max_id={page[-1].remote_id}&only_media=true"
            headers["Link"] = f'<{next_url}>; rel="next"'
        return 200, headers, [self.status_json(p) for p in page]

    def _actors(self, remote_id, attribute, query):
        post = self.find(remote_id)
        if post is None:
            return 404, {}, {"error": "Record not found"}
        names = getattr(post, attribute)
        start = int(query.get("max_id", ["0"])[0])  # internal row offset, as real servers use row ids
        page = names[start:start + 2]
        headers = {}
        if start + 2 <= len(names):  # like real servers: a next link even when the next page is empty
            endpoint = "favourited_by" if attribute == "likers" else "reblogged_by"
            headers["Link"] = f'<{BASE}/api/v1/statuses/{remote_id}/{endpoint}?max_id={start + 2}>; rel="next"'
        return 200, headers, [account_json(f"fan-{name}", name) for name in page]

    def _context(self, remote_id):
        post = self.find(remote_id)
        if post is None:
            return 404, {}, {"error": "Record not found"}
        descendants = []
        for comment_id, author, parent in post.comments:
            body = copy.deepcopy(STATUS_TEMPLATE)
            body.update(id=comment_id, in_reply_to_id=parent or remote_id, content=f"<p>reply by {author}</p>",
                        created_at=iso(post.posted_at + timedelta(minutes=5)),
                        account=account_json(f"fan-{author}", author),
                        media_attachments=[])
            descendants.append(body)
        return 200, {}, {"ancestors": [], "descendants": descendants}

    def _history(self, remote_id):
        post = self.find(remote_id)
        if post is None:
            return 404, {}, {"error": "Record not found"}
        versions = [{"content": "<p>first version</p>", "spoiler_text": "", "sensitive": False,
                     "created_at": iso(post.posted_at), "account": account_json(OWN_ID, "brand"),
                     "media_attachments": [], "emojis": []}]
        if post.edited_at:
            versions.append({**versions[0], "content": post.caption, "created_at": iso(post.edited_at)})
        return 200, {}, versions

    def _status(self, remote_id):
        post = self.find(remote_id)
        if post is None:
            return 404, {}, {"error": "Record not found"}
        return 200, {}, self.status_json(post)


def make_world(count: int = 5, *, start: datetime | None = None) -> list[FakePost]:
    start = start or datetime.now(UTC) - timedelta(hours=1)
    return [
        FakePost(remote_id=f"1170205{n:011d}", posted_at=start - timedelta(hours=n),
                 likers=[f"fan{n}{k}" for k in range(n % 4)], sharers=[f"booster{n}"] if n % 2 else [],
                 comments=[(f"c{n}a", f"fan{n}0", None), (f"c{n}b", "brand", f"c{n}a")] if n % 3 == 0 else [])
        for n in range(count)
    ]
