"""django.contrib.admin's app config with the project's site (admin_dashboards/site.py); in its own module
so that `admin_dashboards.apps` keeps a single config, and the site is imported only once apps are ready."""

from django.contrib.admin.apps import AdminConfig


class PostFlowAdminConfig(AdminConfig):
    default_site = "admin_dashboards.site.PostFlowAdminSite"
