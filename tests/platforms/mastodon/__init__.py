"""Tests of the Mastodon client."""
