"""The Django app that owns the analytics data."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Analytics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from analytics import checks, lookups  # noqa: F401  (register the run-timing checks, `__any`)
        from analytics.selectors.aggregates import register_sqlite_functions
        from analytics.services.preferences import remember_time_zone

        connection_created.connect(register_sqlite_functions, dispatch_uid="postflow_sqlite_functions")

        def on_login(sender, request, user, **kwargs) -> None:
            if request is not None and hasattr(request, "session"):
                remember_time_zone(request, user)

        user_logged_in.connect(on_login, dispatch_uid="postflow_remember_time_zone", weak=False)
