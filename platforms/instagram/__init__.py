"""Instagram Graph API (professional accounts): media, insights, comments; no "who liked"."""

from platforms.instagram.client import InstagramClient

__all__ = ["InstagramClient"]
