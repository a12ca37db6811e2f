"""Staff admin for the analytics data (django-unfold); one module per area."""

from analytics.admin import accounts, connect, engagement, export_jobs, jobs, posts, stats  # noqa: F401
