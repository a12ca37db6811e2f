"""The admin index: unfold calls `dashboard_callback` to add the unified dashboard's context."""

from __future__ import annotations


def dashboard_callback(request, context: dict) -> dict:
    return context
