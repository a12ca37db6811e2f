"""Shared filters for selectors: restrict roll-up and post querysets to a platform and accounts."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet


def posted_in(period, *, prefix: str = "") -> dict:
    """Filter kwargs for live posts published in `period` (through `prefix`, e.g. "post__")."""
    return {
        f"{prefix}deleted_at__isnull": True,
        f"{prefix}posted_at__gte": period.start_at,
        f"{prefix}posted_at__lt": period.end_at,
    }


def totals(function, **sources: str) -> dict:
    """Aggregates named `<name>__total` so they never clash with model fields; see `untotal`."""
    return {f"{name}__total": function(source) for name, source in sources.items()}


def untotal(row: dict) -> dict:
    return {key.removesuffix("__total"): value for key, value in row.items()}


def scoped(queryset: QuerySet, *, platform: str | None = None, accounts: Sequence[int] | None = None,
           platform_field: str = "account__platform", account_field: str = "account_id") -> QuerySet:
    """Apply the dashboard's platform/account filter (field paths differ per model)."""
    if platform:
        queryset = queryset.filter(**{platform_field: platform})
    if accounts:
        queryset = queryset.filter(**{f"{account_field}__in": list(accounts)})
    return queryset
