"""Mastodon API handlers for instances and accounts, with the Pixelfed-like instance's differences.

Development tool only. Handlers run under the world lock with the request's clock time.
"""

from __future__ import annotations

from dataclasses import dataclass

from platforms.sandbox.instance_info import instance_v1, instance_v2
from platforms.sandbox.model import Account, Platform, Status
from platforms.sandbox.paging import Window, link_header, window_page
from platforms.sandbox.routing import Request, Response, error, json_response
from platforms.sandbox.serializers import Render, account_json, status_json
from platforms.sandbox.world import Viewer, World

STATUSES_DEFAULT, STATUSES_MAX = 20, 40
NOT_FOUND = "Not Found"  # the body of the recorded 404 (error_404.json)


@dataclass(frozen=True, slots=True)
class Call:
    """One authenticated API call: the request, the world and who asks at which clock time."""

    request: Request
    world: World
    viewer: Viewer

    @property
    def render(self) -> Render:
        return Render(self.world, self.viewer)

    @property
    def pixelfed(self) -> bool:
        return self.viewer.instance.platform is Platform.PIXELFED

    @property
    def account(self) -> Account:
        assert self.viewer.account is not None, "route needs a token"
        return self.viewer.account

    def limit(self, default: int, maximum: int) -> int:
        return max(1, min(self.request.number("limit", default), maximum))

    def window(self, default: int, maximum: int) -> Window:
        request = self.request
        return Window(self.limit(default, maximum), request.first("max_id"), request.first("since_id"),
                      request.first("min_id"))


def not_found() -> Response:
    return error(404, NOT_FOUND)


def get_instance_v1(call: Call) -> Response:
    instance = call.viewer.instance
    body = instance_v1(instance, users=len(instance.accounts) + len(instance.actors),
                       statuses=len(instance.statuses))
    if call.world.config.alias_links:
        body["uri"] = instance.base_url  # GoToSocial's v1 uri is a full URL, not a bare domain
    return json_response(body)


def get_instance_v2(call: Call) -> Response:
    instance = call.viewer.instance
    return json_response(instance_v2(instance, active_month=len(instance.actors)))


def verify_credentials(call: Call) -> Response:
    return json_response(account_json(call.render, call.account.actor, credentials=True))


def get_account(call: Call) -> Response:
    actor = call.world.find_actor(call.viewer.instance, call.request.params["id"])
    return json_response(account_json(call.render, actor)) if actor else not_found()


def lookup_account(call: Call) -> Response:
    acct = (call.request.first("acct") or "").lstrip("@").removesuffix(f"@{call.viewer.instance.domain}")
    actor = next((a for a in call.viewer.instance.actors_by_id.values() if a.acct == acct), None)
    return json_response(account_json(call.render, actor)) if actor else error(404, "Record not found")


def account_statuses(call: Call) -> Response:
    instance = call.viewer.instance
    actor = call.world.find_actor(instance, call.request.params["id"])
    if actor is None:
        return not_found()
    owned = instance.account_of(actor)
    statuses = call.world.account_statuses(call.viewer, owned) if owned else []
    if call.pixelfed:
        return _pixelfed_statuses(call, statuses)
    return _mastodon_statuses(call, statuses)


def _mastodon_statuses(call: Call, statuses: list[Status]) -> Response:
    request = call.request
    if request.flag("pinned"):
        return json_response([])
    shown = [status for status in statuses if _wanted(call, status)]
    window = call.window(STATUSES_DEFAULT, STATUSES_MAX)
    if not call.world.quirks.statuses_since_id:
        window = Window(window.limit, window.max_id, None, window.min_id)  # GoToSocial reads max_id/min_id only
    page = window_page(shown, lambda status: status.id, window)
    keep = request.keep("limit", "only_media", "exclude_replies", "exclude_reblogs", "tagged")
    link = link_header(request.url, keep, [status.id for status in page], window.limit)
    body = [status_json(call.render, status) for status in page]
    return json_response(body, headers={"Link": link} if link else None)


def _wanted(call: Call, status: Status) -> bool:
    request = call.request
    if request.flag("only_media") and not status.media:
        return False
    if request.flag("exclude_reblogs") and status.reblog_of is not None:
        return False
    # exclude_replies keeps self-replies (threads), as Mastodon does.
    parent = status.in_reply_to
    if request.flag("exclude_replies") and parent is not None and parent.author is not status.author:
        return False
    tagged = request.first("tagged")
    tags = status.version_at(call.viewer.now).tags
    return tagged is None or tagged.lower() in (tag.lower() for tag in tags)


def _pixelfed_statuses(call: Call, statuses: list[Status]) -> Response:
    """Replies and reblogs always dropped, since_id ignored, no Link header: page with max_id."""
    media_type = call.request.first("media_type")
    shown = [
        status for status in statuses
        if status.in_reply_to is None and status.reblog_of is None and _media_type_matches(status, media_type)
    ]
    window = call.window(STATUSES_DEFAULT, STATUSES_MAX)
    window = Window(window.limit, window.max_id, None, window.min_id)
    page = window_page(shown, lambda status: status.id, window)
    return json_response([status_json(call.render, status) for status in page])


def _media_type_matches(status: Status, media_type: str | None) -> bool:
    if media_type is None:
        return True
    wanted = {"photo": "image", "video": "video"}.get(media_type)
    return any(media.type == wanted for media in status.media)
