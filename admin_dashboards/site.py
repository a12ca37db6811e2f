"""The admin site: unfold's, with the unified dashboard as its index (cached per session, page_cache.py) and
the app list built at most once a request, and only when a page shows it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject
from unfold.sites import UnfoldAdminSite

APP_LIST_ATTRIBUTE = "_postflow_app_list"


class PostFlowAdminSite(UnfoldAdminSite):
    # The app's templates come after unfold's in INSTALLED_APPS, so an `admin/index.html` here would never
    # be found; the site's own hook picks the dashboard template instead.
    index_template = "admin_dashboards/index.html"

    def get_app_list(self, request, app_label=None):
        """Every admin page puts the app list in its context (`available_apps`), the index twice, but with
        unfold's sidebar navigation no page renders it except the fallback for a user without a permission:
        built lazily, once per request (it checks every model's permissions and reverses its URLs)."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        app_list = getattr(request, APP_LIST_ATTRIBUTE, None)
        if app_list is None:
            app_list = SimpleLazyObject(lambda: super(PostFlowAdminSite, self).get_app_list(request))
            setattr(request, APP_LIST_ATTRIBUTE, app_list)
        return app_list

    def index(self, request, extra_context=None):
        from admin_dashboards.page_cache import cached_page  # imports models: not at app loading

        return cached_page(request, lambda: super(PostFlowAdminSite, self).index(request, extra_context))
