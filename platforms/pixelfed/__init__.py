"""Pixelfed: the Mastodon client with Pixelfed's differences (paging, truncated context, pacing)."""

from platforms.pixelfed.client import PixelfedClient

__all__ = ["PixelfedClient"]
