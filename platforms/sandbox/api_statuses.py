"""Mastodon API handlers for one status (likers, boosters, context, history, source) and notifications.

The Pixelfed-like instance pages likers and boosters with cursors and swapped Link labels, and
truncates context. Development tool only.
"""

from __future__ import annotations

from platforms.sandbox.api import Call, not_found
from platforms.sandbox.ids import id_key
from platforms.sandbox.model import Event, Kind, Status
from platforms.sandbox.paging import Cursor, cursor_page, link_header, pixelfed_link, window_page
from platforms.sandbox.routing import Response, json_response
from platforms.sandbox.serializers import (
    account_json,
    notification_json,
    source_json,
    status_json,
    version_json,
)

LIST_DEFAULT, LIST_MAX = 40, 80
PIXELFED_REBLOGGED_DEFAULT = 10
PIXELFED_CONTEXT_REPLIES = 20
NOTIFICATION_TYPES = {"favourite": Kind.LIKE, "reblog": Kind.BOOST, "mention": Kind.COMMENT}


def _status(call: Call) -> Status | None:
    return call.world.find_status(call.viewer, call.request.params["id"])


def get_status(call: Call) -> Response:
    status = _status(call)
    return json_response(status_json(call.render, status)) if status else not_found()


def get_statuses(call: Call) -> Response:
    """`GET /api/v1/statuses?id[]=...` (4.3+): the ones that exist, unknown ids left out."""
    found = [call.world.find_status(call.viewer, status_id) for status_id in call.request.all("id")]
    return json_response([status_json(call.render, status) for status in found if status is not None])


def favourited_by(call: Call) -> Response:
    status = _status(call)
    if status is None:
        return not_found()
    likes = _newest_first(call.world.likes(status, call.viewer.now))
    if call.pixelfed:
        return _pixelfed_actors(call, status, likes, LIST_DEFAULT)
    hostile = call.world.hostile.likers(call.request, status, likes, call.limit(LIST_DEFAULT, LIST_MAX),
                                        call.world.clock.start)
    if hostile is not None:
        items, next_url = hostile
        body = [account_json(call.render, item.actor) if isinstance(item, Event) else item for item in items]
        return json_response(body, headers={"Link": f'<{next_url}>; rel="next"'} if next_url else None)
    return _mastodon_actors(call, likes)


def reblogged_by(call: Call) -> Response:
    status = _status(call)
    if status is None:
        return not_found()
    boosts = call.world.boosts(status, call.viewer.now)
    if call.pixelfed:
        if call.request.number("limit", PIXELFED_REBLOGGED_DEFAULT) > LIST_MAX:
            message = "The limit field must not be greater than 80."
            return json_response({"message": message, "errors": {"limit": [message]}}, 422)
        return _pixelfed_actors(call, status, _newest_first(boosts), PIXELFED_REBLOGGED_DEFAULT)
    return _mastodon_actors(call, _newest_first(boosts))


def _newest_first(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda event: id_key(event.row_id), reverse=True)


def _mastodon_actors(call: Call, events: list[Event]) -> Response:
    """Paged by the favourite / reblog rows' own ids: max_id and since_id in Link are never account ids.
    GoToSocial answers every one at once, without paging parameters or Link."""
    if not call.world.quirks.engagers_paged:
        return json_response([account_json(call.render, event.actor) for event in events])
    window = call.window(LIST_DEFAULT, LIST_MAX)
    page = window_page(events, lambda event: event.row_id, window)
    link = link_header(call.request.url, call.request.keep("limit"), [e.row_id for e in page], window.limit,
                       prev_param="since_id")
    body = [account_json(call.render, event.actor) for event in page]
    return json_response(body, headers={"Link": link} if link else None)


def _pixelfed_actors(call: Call, status: Status, events: list[Event], default: int) -> Response:
    """Only the author gets Link headers; anyone else asking with a cursor gets an empty list."""
    author = call.account.actor is status.author
    request = call.request
    raw_cursor = request.first("cursor")
    if not author and raw_cursor is not None:
        return json_response([])
    cursor = Cursor.decode(raw_cursor) if raw_cursor else None
    page = cursor_page(events, lambda event: event.row_id, cursor, call.limit(default, LIST_MAX))
    keep = [(key, value) for key, value in request.query if key != "cursor"]
    link = pixelfed_link(request.url, keep, page) if author else None
    body = [account_json(call.render, event.actor) for event in page.items]
    return json_response(body, headers={"Link": link} if link else None)


def context(call: Call) -> Response:
    status = _status(call)
    if status is None:
        return not_found()
    world, viewer = call.world, call.viewer
    if call.pixelfed:
        ancestors = world.ancestors(status, viewer)[-1:]
        replies = sorted(world.replies(status, viewer), key=lambda s: s.created_at)
        descendants = replies[:PIXELFED_CONTEXT_REPLIES]
    else:
        ancestors = world.ancestors(status, viewer)
        descendants = world.descendants(status, viewer)
    render = call.render
    return json_response({"ancestors": [status_json(render, s) for s in ancestors],
                          "descendants": [status_json(render, s) for s in descendants]})


def history(call: Call) -> Response:
    status = _status(call)
    if status is None or not (call.pixelfed or call.world.quirks.edit_history):
        return not_found()
    versions = status.versions_at(call.viewer.now)
    if call.pixelfed and len(versions) == 1:
        return json_response([])
    return json_response([version_json(call.render, status, version) for version in versions])


def source(call: Call) -> Response:
    status = _status(call)
    return json_response(source_json(status, call.viewer.now)) if status else not_found()


def notifications(call: Call) -> Response:
    request = call.request
    asked = request.all("types") or list(NOTIFICATION_TYPES)
    excluded = set(request.all("exclude_types"))
    kinds = {NOTIFICATION_TYPES[name] for name in asked if name in NOTIFICATION_TYPES}
    kinds -= {NOTIFICATION_TYPES[name] for name in excluded if name in NOTIFICATION_TYPES}
    if not kinds:
        return json_response([])
    events = call.world.notifications(call.account, call.viewer, kinds)
    window = call.window(LIST_DEFAULT, LIST_MAX)
    page = window_page(events, lambda event: event.notification_id, window)
    keep = request.keep("limit", "types", "exclude_types")
    link = link_header(request.url, keep, [e.notification_id for e in page], window.limit, keep_first=False)
    body = [notification_json(call.render, event) for event in page]
    return json_response(body, headers={"Link": link} if link else None)
