"""What each platform can report, asked of the client registry, so dashboards show "n/a" rather than 0."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from platforms.base import Capability
from platforms.errors import UnknownPlatform
from platforms.registry import as_choices, get_client_class


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    name: str
    label: str
    capabilities: frozenset[str]

    @property
    def reports_likers(self) -> bool:
        return Capability.LIKERS in self.capabilities

    @property
    def reports_sharers(self) -> bool:
        return Capability.SHARERS in self.capabilities

    @property
    def reports_event_times(self) -> bool:
        return Capability.EVENT_TIMES in self.capabilities

    @property
    def reports_insights(self) -> bool:
        return Capability.INSIGHTS in self.capabilities


@cache
def platform_info(name: str) -> PlatformInfo:
    """A platform's label and capabilities; an unknown name reports nothing (everything shows "n/a")."""
    try:
        cls = get_client_class(name)
    except UnknownPlatform:
        return PlatformInfo(name=name, label=name.title(), capabilities=frozenset())
    return PlatformInfo(name=name, label=str(cls.label), capabilities=frozenset(cls.capabilities))


def platforms() -> list[PlatformInfo]:
    return [platform_info(name) for name, _label in as_choices()]


def has_insights(name: str) -> bool:
    return platform_info(name).reports_insights
