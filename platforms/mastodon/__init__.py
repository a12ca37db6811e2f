"""Mastodon: the client for Mastodon and the base for other Mastodon-API servers."""

from platforms.mastodon.client import MastodonClient

__all__ = ["MastodonClient"]
