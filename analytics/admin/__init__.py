"""Staff admin for the analytics data (django-unfold); one module per area."""

from analytics.admin import (  # noqa: F401
    accounts,
    alerts,
    connect,
    engagement,
    export_jobs,
    jobs,
    logins,
    posts,
    preferences,
    reports,
    stats,
)
