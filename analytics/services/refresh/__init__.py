"""Engagement refresh: choose due posts, re-read counts, fetch who engaged and when, backfill timelines."""
