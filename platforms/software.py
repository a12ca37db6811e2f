"""What each server software behind the Mastodon client API can give, keyed by its nodeinfo `software.name`.

The connect flow refuses software missing from this table (UnsupportedSoftware names it) and picks the client
(`platform`); the Mastodon client drops the capabilities a server lacks. docs/platforms.md cites the source of
each row and says which cells are not verified. No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass

from platforms.errors import UnsupportedSoftware


@dataclass(frozen=True, slots=True)
class SoftwareProfile:
    name: str  # nodeinfo software.name, lower case
    label: str
    platform: str  # the client that reads it (registry name)
    edit_history: bool  # GET /api/v1/statuses/:id/history
    favourited_by_paging: str  # "link" (Link header), "cursor" (Pixelfed), "none" (one page)
    notification_types: bool  # /api/v1/notifications?types[]= filters favourite/reblog/mention
    grouped_notifications: bool  # /api/v2/notifications (grouped)
    only_media: bool  # accounts/:id/statuses?only_media=true
    id_shape: str  # "numeric", "ULID", "flake", "aid", "hex"
    link_headers: bool  # statuses are paged with Link rel="next"
    # "iso8601" (X-RateLimit-Reset a timestamp), "rounded", "optional" (only where the operator turned the
    # limiter on: clients must not rely on them), "none"
    rate_limit_headers: str


MASTODON = SoftwareProfile("mastodon", "Mastodon", "mastodon", edit_history=True, favourited_by_paging="link",
                           notification_types=True, grouped_notifications=True, only_media=True,
                           id_shape="numeric", link_headers=True, rate_limit_headers="iso8601")
PIXELFED = SoftwareProfile("pixelfed", "Pixelfed", "pixelfed", edit_history=True, favourited_by_paging="cursor",
                           notification_types=True, grouped_notifications=False, only_media=True,
                           id_shape="numeric", link_headers=False, rate_limit_headers="none")
GOTOSOCIAL = SoftwareProfile("gotosocial", "GoToSocial", "mastodon", edit_history=True,
                             favourited_by_paging="none", notification_types=True, grouped_notifications=False,
                             only_media=True, id_shape="ULID", link_headers=True, rate_limit_headers="optional")
AKKOMA = SoftwareProfile("akkoma", "Akkoma", "mastodon", edit_history=True, favourited_by_paging="none",
                         notification_types=True, grouped_notifications=False, only_media=True, id_shape="flake",
                         link_headers=True, rate_limit_headers="none")
PLEROMA = SoftwareProfile("pleroma", "Pleroma", "mastodon", edit_history=True, favourited_by_paging="none",
                          notification_types=True, grouped_notifications=False, only_media=True,
                          id_shape="flake", link_headers=True, rate_limit_headers="none")
ICESHRIMP = SoftwareProfile("iceshrimp", "Iceshrimp", "mastodon", edit_history=True, favourited_by_paging="link",
                            notification_types=True, grouped_notifications=False, only_media=True,
                            id_shape="aid", link_headers=True, rate_limit_headers="none")
SHARKEY = SoftwareProfile("sharkey", "Sharkey", "mastodon", edit_history=False, favourited_by_paging="none",
                          notification_types=False, grouped_notifications=False, only_media=True, id_shape="aid",
                          link_headers=False, rate_limit_headers="none")
SNAC = SoftwareProfile("snac", "snac", "mastodon", edit_history=False, favourited_by_paging="none",
                       notification_types=True, grouped_notifications=False, only_media=False, id_shape="hex",
                       link_headers=False, rate_limit_headers="none")

SOFTWARE: dict[str, SoftwareProfile] = {p.name: p for p in (MASTODON, PIXELFED, GOTOSOCIAL, AKKOMA, PLEROMA,
                                                            ICESHRIMP, SHARKEY, SNAC)}
# Names some of them report for the same code (Iceshrimp.NET, Mastodon forks).
ALIASES = {"iceshrimp.net": "iceshrimp", "hometown": "mastodon", "glitch-soc": "mastodon"}


def profile_for(software: str, *, where: str = "") -> SoftwareProfile:
    """The profile of a nodeinfo software name; UnsupportedSoftware (naming it) when we cannot read it."""
    name = (software or "").strip().lower()
    profile = SOFTWARE.get(ALIASES.get(name, name))
    if profile is None:
        place = f"{where} runs" if where else "The server runs"
        raise UnsupportedSoftware(f"{place} {software or 'unnamed software'}, which PostFlow cannot read (it reads "
                                  f"{', '.join(p.label for p in SOFTWARE.values())})", software=name)
    return profile


def known_profile(software: str) -> SoftwareProfile | None:
    """The profile, or None for a name not in the table (older rows recorded before nodeinfo was read)."""
    name = (software or "").strip().lower()
    return SOFTWARE.get(ALIASES.get(name, name))
