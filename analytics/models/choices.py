"""Enumerations shared by the analytics models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def platform_choices() -> list[tuple[str, str]]:
    """Platform choices come from the client registry, so a new platform needs no migration."""
    from platforms.registry import as_choices

    return as_choices()


class MediaType(models.TextChoices):
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    GIFV = "gifv", _("Animated GIF")
    CAROUSEL = "carousel", _("Album / carousel")
    AUDIO = "audio", _("Audio")
    UNKNOWN = "unknown", _("Unknown")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UNLISTED = "unlisted", _("Unlisted")
    PRIVATE = "private", _("Followers only")
    DIRECT = "direct", _("Direct")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    NEEDS_REAUTH = "needs_reauth", _("Needs re-authentication")
    FAILING = "failing", _("Failing")


class Granularity(models.TextChoices):
    RAW = "raw", _("As captured")
    HOUR = "hour", _("Hourly")
    DAY = "day", _("Daily")
