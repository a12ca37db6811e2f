"""Staff admin for the analytics data (django-unfold); one module per area."""

from analytics.admin import accounts, engagement, jobs, posts, stats  # noqa: F401
