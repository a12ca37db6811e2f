"""Custom admin pages: the analytics dashboards (read-only; they never write analytics data)."""

from django.apps import AppConfig


class AdminDashboardsConfig(AppConfig):
    name = "admin_dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from django.contrib import admin

        from admin_dashboards import table_signatures
        from admin_dashboards.urls import install

        install(admin.site)
        table_signatures.install()

