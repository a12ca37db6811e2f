"""The admin site: unfold's, with the unified dashboard as its index (cached per session, page_cache.py), the
app list built at most once a request and only when a page shows it, and the sidebar's links resolved once."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject
from unfold.settings import get_config
from unfold.sites import UnfoldAdminSite

APP_LIST_ATTRIBUTE = "_postflow_app_list"
# Keys unfold's sidebar template reads on every group and item: a missing one makes the template engine call
# dir() on the dict before giving up (115 calls a page).
GROUP_DEFAULTS = {"collapsible": False, "separator": False}
ITEM_DEFAULTS = {"link_callback": None, "link_attrs": None, "icon_template": None}


@functools.lru_cache(maxsize=8)
def _navigation(script_prefix: str) -> tuple[dict, ...]:
    """UNFOLD["SIDEBAR"]["navigation"] with each `reverse_lazy` link resolved once per process and script
    prefix (the URLconf does not change; titles stay lazy, so each request still shows its own language)."""
    return tuple({**GROUP_DEFAULTS, **group,
                  "items": [{**ITEM_DEFAULTS, **item, "link": str(item["link"])} for item in group["items"]]}
                 for group in get_config()["SIDEBAR"]["navigation"])


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

    def get_sidebar_list(self, request):
        """unfold's, from the resolved navigation: its permission, badge and active-link callbacks still run
        per request. unfold deep-copies the configuration each time; plain dicts and lists are enough."""
        config = get_config()
        if callable(config["SIDEBAR"].get("navigation")) or config.get("TABS"):
            return super().get_sidebar_list(request)
        return [{**group, "items": self._get_navigation_items(request, [dict(item) for item in group["items"]])}
                for group in _navigation(get_script_prefix())]

    def index(self, request, extra_context=None):
        from admin_dashboards.page_cache import cached_page  # imports models: not at app loading

        return cached_page(request, lambda: super(PostFlowAdminSite, self).index(request, extra_context))
