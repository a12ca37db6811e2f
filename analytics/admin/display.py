"""Small, escaping display helpers for list columns: thumbnails, excerpts, safe links, "n/a" metrics, and
unfold's label, header and checkbox cells rendered once per distinct value."""

from __future__ import annotations

import functools
from functools import cache

from django.conf import settings
from django.contrib.admin import helpers
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from unfold.admin import checkbox as unfold_checkbox
from unfold.utils import display_for_header, display_for_label

from platforms.base import Capability
from platforms.errors import PlatformError
from platforms.registry import get_client_class
from platforms.urls import is_safe_link

NOT_AVAILABLE = _("n/a")
NOT_FETCHED = "—"
PLATFORM_LABELS = {"mastodon": "info", "pixelfed": "primary", "instagram": "warning"}


@cache
def platform_capabilities(platform: str) -> frozenset[Capability]:
    try:
        return get_client_class(platform).capabilities
    except PlatformError:
        return frozenset()


def supports(platform: str, capability: Capability) -> bool:
    return capability in platform_capabilities(platform)


def excerpt(text: str, length: int = 80) -> str:
    """Plain text on one line, truncated; the admin escapes it (never mark_safe user content)."""
    return Truncator(" ".join((text or "").split())).chars(length)


def thumbnail(url: str):
    if not url or not is_safe_link(url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS):
        return NOT_FETCHED
    return format_html(
        '<img src="{}" alt="" width="48" height="48" loading="lazy" referrerpolicy="no-referrer" '
        'class="h-12 w-12 object-cover rounded-default">',
        url,
    )


def external_link(url: str, label) -> str:
    if not url or not is_safe_link(url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS):
        return ""
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer" class="text-primary-600">{}</a>', url, label
    )


# A number no row has, reversed once and replaced by each row's pk: one reverse() a page, not one a row.
URL_PK = 918273645546372819


def url_with_pk(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for an integer pk, from one reverse per URL name (the URLconf is static)."""
    return _url_pattern(name, get_script_prefix()).replace(str(URL_PK), str(int(pk)))


@functools.lru_cache(maxsize=64)
def _url_pattern(name: str, prefix: str) -> str:  # the prefix: reverse() puts the request's SCRIPT_NAME in
    return reverse(name, args=[URL_PK])


def post_detail_url(post_pk: int) -> str | None:
    """The analytics detail page (admin_dashboards); None until that page exists."""
    try:
        return url_with_pk("admin:admin_dashboards_post_detail", post_pk)
    except NoReverseMatch:
        return None


def summary_of(post):
    """The cached EngagementSummary, or None when counts were never fetched (no extra query)."""
    try:
        return post.summary
    except post.__class__.summary.RelatedObjectDoesNotExist:
        return None


def metric(post, field: str, capability: Capability | None = None):
    """A count from the summary; "n/a" when the platform cannot or did not report it, "—" when not fetched yet."""
    if capability is not None and not supports(post.platform, capability):
        return NOT_AVAILABLE
    summary = summary_of(post)
    value = getattr(summary, field, None) if summary else None
    if value is None:
        # Read but not reported (an owner can hide a count) is "n/a"; never read yet is "—".
        return NOT_AVAILABLE if summary and summary.counts_fetched_at else NOT_FETCHED
    return number_format(value, use_l10n=True, force_grouping=True)


def percent(value: float | None) -> str:
    """A stored ratio (0.011864…) as the dashboards show rates: rounded to 2 decimals, grouped, "1.19 %"."""
    if value is None:
        return NOT_FETCHED
    return f"{number_format(round(value * 100, 2), decimal_pos=2, use_l10n=True, force_grouping=True)} %"


# Per-row cells of long lists rendered once per distinct value: unfold renders a template for every label,
# header and checkbox cell (3 x 50 a page of posts), which cProfile showed among the changelist's top costs.
ROW_PK = "0000pk0000"


@functools.lru_cache(maxsize=64)
def _label(value: str, text: str, labels: tuple, language: str) -> str:
    return display_for_label((value, text), "-", dict(labels))


def cached_label(value: str, text: str, labels: dict) -> str:
    """unfold's label badge (`@display(label=...)`), rendered once per value and language."""
    return mark_safe(_label(value, str(text), tuple(sorted(labels.items())), get_language()))  # noqa: S308


@functools.lru_cache(maxsize=4096)
def _header(title: str, subtitle: str, language: str) -> str:
    return display_for_header([title, subtitle], "-")


def cached_header(title: str, subtitle: str) -> str:
    """unfold's two-line header cell (`@display(header=True)`), rendered once per pair and language."""
    return mark_safe(_header(title, subtitle, get_language()))  # noqa: S308


@functools.lru_cache(maxsize=16)
def _checkbox(language: str) -> str:
    return unfold_checkbox.render(helpers.ACTION_CHECKBOX_NAME, ROW_PK)


def cached_action_checkbox(pk: int) -> str:
    """unfold's row checkbox, rendered once per language with the row's integer pk put in."""
    return mark_safe(_checkbox(get_language()).replace(ROW_PK, str(int(pk))))  # noqa: S308
