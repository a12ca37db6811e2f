"""A dashboard page's unrendered context for a scheduled report: the download's `page_context`, run on a GET
request built from the report's filters and read as `ReportReader` (no one is signed in in a worker)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, QueryDict

from admin_dashboards.downloads.views import page_context
from admin_dashboards.views.base import VIEW_PERMISSION


class ReportReader(AnonymousUser):
    """Who a scheduled report reads its page as: staff holding the dashboards' view permission and nothing else.

    Never saved and never signed in; it exists so the page's own view (behind `admin_view` and its permission
    check) runs unchanged in a worker, where no user is signed in. The report's filters decide what it sees.
    """

    is_staff = True
    is_active = True
    username = "scheduled-report"
    PERMISSIONS = frozenset({VIEW_PERMISSION})

    def has_perm(self, perm, obj=None) -> bool:
        return perm in self.PERMISSIONS

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in self.PERMISSIONS)


def report_page_context(path: str, query: QueryDict) -> dict:
    """The page at `path` with the filters in `query`, as `ReportReader` sees it (in the active time zone)."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = query
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "443", "REQUEST_METHOD": "GET", "SCRIPT_NAME": "",
                    "PATH_INFO": path, "QUERY_STRING": query.urlencode(), "wsgi.url_scheme": "https"}
    request.user = ReportReader()
    request.session = {}  # pages that remember the selection write it here; it is dropped with the request
    return page_context(request, path)
