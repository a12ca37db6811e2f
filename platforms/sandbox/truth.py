"""Ground truth for tests and the demo: what a correct sync of each account must find at clock time T.

Development tool only. Counts follow the world's own visibility rules (deleted and future items hidden).
"""

from __future__ import annotations

from typing import Any

from platforms.sandbox.ids import iso
from platforms.sandbox.model import Account, Instance, Kind, Status
from platforms.sandbox.world import Viewer, World


def media_type(status: Status) -> str:
    """The platform-neutral type the clients map to (platforms.base.MediaType values)."""
    if len(status.media) > 1:
        return "carousel"
    return status.media[0].type


def accounts_json(world: World) -> list[dict[str, Any]]:
    return [_account_entry(inst, account) for inst in world.instances for account in inst.accounts]


def _account_entry(instance: Instance, account: Account) -> dict[str, Any]:
    return {
        "key": account.key, "platform": str(account.platform), "instance_url": instance.connect_url,
        "canonical_url": instance.base_url,
        "username": account.actor.username, "handle": f"@{account.actor.username}@{instance.domain}",
        "account_id": account.actor.id, "access_token": account.token, "revoked": account.revoked,
        "text_ids": account.text_ids, "bulk": account.bulk,
    }


def truth_json(world: World, now: float) -> dict[str, Any]:
    accounts = {}
    for instance in world.instances:
        for account in instance.accounts:
            viewer = Viewer(instance, account, now)
            accounts[account.key] = {**_account_entry(instance, account), **_account_truth(world, viewer)}
    return {"now": now, "now_iso": iso(now), "start": world.clock.start, "accounts": accounts,
            "hostile": sorted(world.hostile.cases)}


def _account_truth(world: World, viewer: Viewer) -> dict[str, Any]:
    account = viewer.account
    assert account is not None
    statuses = world.account_statuses(viewer, account)
    own = [s for s in statuses if s.reblog_of is None and s.in_reply_to is None]
    media_posts = [_post_truth(world, viewer, s) for s in own if s.media]
    inbox = world.notifications(account, viewer, set(Kind))
    return {
        "media_posts": media_posts,
        "media_post_count": len(media_posts),
        "skipped_text_only": sum(1 for s in own if not s.media),
        "own_reblogs": sum(1 for s in statuses if s.reblog_of is not None),
        "notifications": {str(kind): sum(1 for e in inbox if e.kind is kind) for kind in Kind},
        "deleted_post_ids": sorted(s.id for s in account.statuses
                                   if s.deleted and s.media and s.reblog_of is None and s.in_reply_to is None),
        "hostile_posts": world.hostile.posts_of(account.key),
    }


def _post_truth(world: World, viewer: Viewer, status: Status) -> dict[str, Any]:
    now = viewer.now
    version = status.version_at(now)
    likes = world.likes(status, now)
    boosts = world.boosts(status, now)
    comments = world.descendants(status, viewer)
    return {
        "id": status.id,
        "created_at": iso(status.created_at),
        "media_type": media_type(status),
        "media_count": len(status.media),
        "media_ids": [media.id for media in status.media],
        "visibility": status.visibility,
        "language": status.language,
        "tags": sorted(version.tags),
        "versions": len(status.versions_at(now)),
        "likers": sorted(event.actor.id for event in likes),
        "unlikers": sorted(event.actor.id for event in status.unliked if event.at <= now),
        "sharers": sorted(event.actor.id for event in boosts),
        "comments": [
            {"id": c.id, "in_reply_to_id": c.in_reply_to.id if c.in_reply_to else None,
             "actor_id": c.author.id, "created_at": iso(c.created_at)}
            for c in comments
        ],
        "counts": {"likes": len(likes), "shares": len(boosts), "comments": len(comments),
                   "direct_replies": len(world.replies(status, viewer))},
    }
