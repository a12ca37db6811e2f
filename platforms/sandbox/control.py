"""The /__sandbox__/ endpoints: ground truth, accounts with tokens, the clock, and changes made now.

Development tool only: these leak access tokens on purpose and must never exist on a real server.
"""

from __future__ import annotations

from typing import Any

from platforms.sandbox.ids import iso
from platforms.sandbox.model import Event
from platforms.sandbox.routing import Request, Response, error, json_response
from platforms.sandbox.truth import accounts_json, truth_json
from platforms.sandbox.world import SandboxError, World


def clock_json(world: World, now: float) -> dict[str, Any]:
    return {"now": now, "now_iso": iso(now), "start": world.clock.start, "offset": world.clock.offset,
            "frozen": world.clock.frozen}


def event_json(event: Event | None) -> dict[str, Any]:
    if event is None:
        return {"created": False}
    return {"created": True, "kind": str(event.kind), "post_id": event.target.id, "actor_id": event.actor.id,
            "at": event.at, "at_iso": iso(event.at), "row_id": event.row_id,
            "notification_id": event.notification_id,
            "comment_id": event.comment.id if event.comment else None}


def handle_control(world: World, request: Request) -> Response:
    action = request.path.removeprefix("/__sandbox__/").strip("/")
    handler = _GETS.get(action) if request.method == "GET" else _POSTS.get(action)
    if handler is None:
        return error(404, f"no sandbox control {request.method} {action}")
    try:
        return handler(world, request)
    except SandboxError as problem:
        return error(404, str(problem))
    except ValueError as problem:
        return error(400, str(problem))


def _truth(world: World, request: Request) -> Response:
    body = truth_json(world, world.observe())
    wanted = request.first("account")
    if wanted:
        body["accounts"] = {key: value for key, value in body["accounts"].items() if key == wanted}
    return json_response(body)


def _accounts(world: World, request: Request) -> Response:
    return json_response(accounts_json(world))


def _clock(world: World, request: Request) -> Response:
    return json_response(clock_json(world, world.observe()))


def _advance(world: World, request: Request) -> Response:
    world.clock.advance(float(request.first("seconds") or "0"))
    return json_response(clock_json(world, world.observe()))


def _post_id(request: Request) -> str:
    post_id = request.first("post")
    if not post_id:
        raise ValueError("post=ID is required")
    return post_id


def _like(world: World, request: Request) -> Response:
    return json_response(event_json(world.like_now(_post_id(request), request.first("actor"))))


def _boost(world: World, request: Request) -> Response:
    return json_response(event_json(world.boost_now(_post_id(request), request.first("actor"))))


def _comment(world: World, request: Request) -> Response:
    return json_response(event_json(world.comment_now(_post_id(request), request.first("actor"))))


def _edit(world: World, request: Request) -> Response:
    status = world.edit_now(_post_id(request))
    now = world.observe()
    return json_response({"post_id": status.id, "versions": len(status.versions_at(now)),
                          "edited_at": iso(status.versions[-1].created_at)})


def _swap_like(world: World, request: Request) -> Response:
    gone, added = world.swap_like_now(_post_id(request))
    return json_response({"post_id": gone.target.id, "removed_actor_id": gone.actor.id,
                          "removed_row_id": gone.row_id, "added": event_json(added)})


def _edit_old(world: World, request: Request) -> Response:
    account = request.first("account")
    if not account:
        raise ValueError("account=KEY is required")
    status = world.edit_old_now(account, float(request.first("days") or "2"))
    now = world.observe()
    return json_response({"post_id": status.id, "created_at": iso(status.created_at),
                          "versions": len(status.versions_at(now)), "edited_at": iso(status.versions[-1].created_at)})


def _delete(world: World, request: Request) -> Response:
    return json_response({"post_id": world.delete_now(_post_id(request)).id, "deleted": True})


_GETS = {"truth": _truth, "accounts": _accounts, "clock": _clock}
_POSTS = {"advance": _advance, "like": _like, "boost": _boost, "comment": _comment, "edit": _edit,
          "delete": _delete, "swap_like": _swap_like, "edit_old": _edit_old}
