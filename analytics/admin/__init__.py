"""Staff admin for the analytics data (django-unfold); one module per area."""

from analytics.admin import accounts, alerts, engagement, export_jobs, jobs, posts, reports, stats  # noqa: F401
