"""Builds the sandbox world from a seed: instances, audience, accounts, posts and their past engagement.

Development tool only. The same seed and start time give the same world, id for id.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from platforms.sandbox import content
from platforms.sandbox.config import SandboxConfig
from platforms.sandbox.engagement import Engagement
from platforms.sandbox.ids import IdMinter
from platforms.sandbox.model import Account, Actor, Instance, Media, Platform, Status, Version
from platforms.sandbox.quirks import quirks_of

DAY = 86400.0
HOUR = 3600.0
AUDIENCE_SIZE = 200
MASTODON_VERSION = "4.6.4"
PIXELFED_VERSION = "3.5.3 (compatible; Pixelfed 0.12.5)"


@dataclass(frozen=True, slots=True)
class AccountSpec:
    key: str
    display_name: str
    text_ids: bool = False
    revoked: bool = False
    bulk: bool = False


MASTODON_ACCOUNTS = (
    AccountSpec("alice", "Alice Moreau 🌅"),
    AccountSpec("bruno", "Bruno Silva"),
    AccountSpec("chen", "陈静 Chen Jing"),
    AccountSpec("dana", "Dana (text ids)", text_ids=True),
    AccountSpec("erin", "Erin (revoked token)", revoked=True),
)
PIXELFED_ACCOUNTS = (
    AccountSpec("pia", "Pia Lindqvist 📷"),
    AccountSpec("quinn", "Quinn Haddad — קווין"),
)


@dataclass(slots=True)
class Built:
    """A generated instance with the helpers that keep adding to it after the start."""

    instance: Instance
    engagement: Engagement
    rng: random.Random  # text of runtime comments


def build_world(config: SandboxConfig, start: float) -> dict[Platform, Built]:
    mastodon_specs = MASTODON_ACCOUNTS
    if config.bulk_posts > 0:
        mastodon_specs = (*mastodon_specs, AccountSpec("bulk", "Bulk Poster", bulk=True))
    quirks = quirks_of(config.quirks)
    built = {
        Platform.MASTODON: _build_instance(config, start, Platform.MASTODON, "Mastodon Sandbox",
                                           quirks.version or MASTODON_VERSION, mastodon_specs,
                                           ulids_only=quirks.ulid_ids),
        Platform.PIXELFED: _build_instance(config, start, Platform.PIXELFED, "Pixelfed Sandbox",
                                           PIXELFED_VERSION, PIXELFED_ACCOUNTS),
    }
    _add_own_boosts(built[Platform.MASTODON], random.Random(f"{config.seed}:own-boosts"))
    return built


def _build_instance(config: SandboxConfig, start: float, platform: Platform, title: str, version: str,
                    specs: tuple[AccountSpec, ...], *, ulids_only: bool = False) -> Built:
    rng = random.Random(f"{config.seed}:{platform}")
    minter = IdMinter(random.Random(f"{config.seed}:{platform}:ids"), ulids_only=ulids_only)
    instance = Instance(platform, title, version)
    instance.actors = [_audience_actor(rng, minter, start) for _ in range(AUDIENCE_SIZE)]
    engagement = Engagement(instance, minter)
    for spec in specs:
        account = _account(config, spec, platform, minter, start)
        instance.accounts.append(account)
        _fill_account(config, engagement, account, start)
    for actor in [*instance.actors, *(account.actor for account in instance.accounts)]:
        instance.actors_by_id[actor.id] = actor
    return Built(instance, engagement, random.Random(f"{config.seed}:{platform}:runtime"))


def _audience_actor(rng: random.Random, minter: IdMinter, start: float) -> Actor:
    created = start - rng.uniform(60, 1500) * DAY
    name = content.username(rng)
    domain = rng.choice(content.REMOTE_DOMAINS) if rng.random() < 0.3 else ""
    return Actor(minter.snowflake(created), name, content.display_name(rng, name), created, domain,
                 bot=rng.random() < 0.03)


def _account(config: SandboxConfig, spec: AccountSpec, platform: Platform, minter: IdMinter,
             start: float) -> Account:
    rng = random.Random(f"{config.seed}:{spec.key}:account")
    created = start - rng.uniform(400, 2000) * DAY
    actor_id = minter.ulid(created) if spec.text_ids else minter.snowflake(created)
    note = f"<p>Sandbox account {spec.key} — development data, not a real person.</p>"
    actor = Actor(actor_id, spec.key, spec.display_name, created, note=note)
    token = f"sandbox-{spec.key}-{rng.getrandbits(64):016x}"
    return Account(spec.key, platform, actor, token, spec.revoked, spec.text_ids, spec.bulk)


def _media_count(config: SandboxConfig, account: Account, rng: random.Random) -> int:
    if account.bulk:
        return config.bulk_posts
    if config.posts_per_account is not None:
        return config.posts_per_account
    return rng.randint(20, 60)


def _fill_account(config: SandboxConfig, engagement: Engagement, account: Account, start: float) -> None:
    rng = random.Random(f"{config.seed}:{account.key}:posts")
    media_total = _media_count(config, account, rng)
    text_total = rng.randint(3, 7) if account.platform is Platform.MASTODON and not account.bulk else 0
    times = sorted(start - rng.uniform(600, 30 * DAY) for _ in range(media_total + text_total))
    text_slots = set(rng.sample(range(len(times)), text_total))
    audience = engagement.instance.actors
    media_posts: list[Status] = []
    for number, at in enumerate(times, start=1):
        is_text = number - 1 in text_slots
        status = _new_post(rng, engagement, account, at, number, is_text=is_text)
        if not is_text:
            media_posts.append(status)
        _add_history(rng, engagement, status, audience, start, bulk=account.bulk)
    if media_posts and not account.bulk:
        _make_popular(rng, engagement, media_posts[-min(4, len(media_posts))], audience)
        edits = 2 if account is engagement.instance.accounts[0] else 1
        _add_edits(rng, media_posts[len(media_posts) // 2], edits, start)


def _new_post(rng: random.Random, engagement: Engagement, account: Account, at: float, number: int, *,
              is_text: bool) -> Status:
    minter = engagement.minter
    status_id = minter.ulid(at) if account.text_ids else minter.snowflake(at)
    audience = engagement.instance.actors
    caption = content.text_only_caption(rng) if is_text else content.media_caption(
        rng, audience, hostile=number == 3)
    sensitive = not is_text and rng.random() < 0.1
    version = Version(at, caption.html, caption.text, caption.tags, sensitive,
                      "CW: bright flashes" if sensitive else "")
    status = Status(status_id, account.actor, at, [version], visibility=_visibility(rng, account),
                    language=caption.language, number=number, mentions=list(caption.mentions),
                    card_url=caption.card_url)
    if not is_text:
        status.media = _media(rng, minter, account, status_id, number, at)
    account.statuses.append(status)
    engagement.instance.statuses[status_id] = status
    return status


def _visibility(rng: random.Random, account: Account) -> str:
    if account.bulk:
        return "public"
    return rng.choices(("public", "unlisted", "private"), weights=(70, 15, 15))[0]


def _media(rng: random.Random, minter: IdMinter, account: Account, status_id: str, number: int,
           at: float) -> list[Media]:
    kinds = ("image", "album", "video", "gifv") if account.platform is Platform.MASTODON else (
        "image", "album", "video")
    weights = (45, 25, 15, 15)[: len(kinds)]
    kind = rng.choices(kinds, weights=weights)[0]
    count = rng.randint(2, 4) if kind == "album" else 1
    media_type = "image" if kind == "album" else kind
    media = []
    for index in range(count):
        media_id = minter.ulid(at) if account.text_ids else minter.snowflake(at)
        width, height = rng.choice(((1200, 800), (800, 1200), (1080, 1080)))
        duration = round(rng.uniform(3, 60), 1) if media_type != "image" else 0.0
        name = f"{account.key}-{number}-{index + 1}-{media_id[-6:].lower()}"
        alt = rng.choice(content.ALT_TEXTS)
        media.append(Media(media_id, media_type, name, width, height, alt, duration))
    return media


def _add_history(rng: random.Random, engagement: Engagement, status: Status, audience: list[Actor],
                 start: float, *, bulk: bool) -> None:
    """Engagement decays after posting; delays past the start are the world's scheduled future."""
    popularity = rng.paretovariate(1.6)
    likes = rng.randint(0, 2) if bulk else min(len(audience) - 1, int(rng.uniform(0, 6) * popularity))
    boosts = 0 if bulk else int(likes * rng.uniform(0.05, 0.3))
    comments = 0 if bulk else min(30, rng.randint(0, 3) + int(popularity))
    _spread(rng, engagement, status, audience, likes, boosts, comments)


def _make_popular(rng: random.Random, engagement: Engagement, status: Status, audience: list[Actor]) -> None:
    """One post per account gets several pages of likers and (almost surely) over 20 direct comments."""
    _spread(rng, engagement, status, audience, rng.randint(90, 150), rng.randint(15, 25), rng.randint(35, 45))


def _spread(rng: random.Random, engagement: Engagement, status: Status, audience: list[Actor],
            likes: int, boosts: int, comments: int) -> None:
    for actor in rng.sample(audience, likes):
        engagement.like(status, actor, status.created_at + _delay(rng))
    for actor in rng.sample(audience, boosts):
        engagement.boost(status, actor, status.created_at + _delay(rng))
    for at in sorted(status.created_at + _delay(rng) for _ in range(comments)):
        thread = [reply for reply in _all_replies(status) if reply.created_at < at]
        parent = rng.choice(thread) if thread and rng.random() < 0.3 else status
        engagement.comment(parent, rng.choice(audience), at, rng)


def _all_replies(status: Status) -> list[Status]:
    found = []
    for reply in status.replies:
        found.append(reply)
        found.extend(_all_replies(reply))
    return found


def _delay(rng: random.Random) -> float:
    return min(30 * DAY, rng.expovariate(1 / (8 * HOUR)) + rng.uniform(5, 600))


def _add_edits(rng: random.Random, status: Status, edits: int, start: float) -> None:
    at = status.created_at
    for step in range(1, edits + 1):
        at = min(start - 1, at + rng.uniform(60, 6 * HOUR))
        status.versions.append(content.edited_version(status.versions[-1], at, step))


def _add_own_boosts(built: Built, rng: random.Random) -> None:
    """Each ordinary Mastodon account boosts two posts of another, so exclude_reblogs matters."""
    accounts = [a for a in built.instance.accounts if not (a.bulk or a.revoked or a.text_ids)]
    for index, account in enumerate(accounts):
        other = accounts[(index + 1) % len(accounts)]
        public = [s for s in other.statuses if s.media and s.visibility == "public"]
        for status in rng.sample(public, min(2, len(public))):
            built.engagement.boost(status, account.actor, status.created_at + rng.uniform(60, 2 * DAY))
