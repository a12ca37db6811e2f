"""The environment badge in the admin header, so staff never mistake the demo for production."""

from __future__ import annotations

from django.conf import settings


def environment_label(request) -> list[str] | None:
    if settings.DEBUG:
        return ["Development", "warning"]
    return None
