"""URL map: the admin (with the analytics dashboards mounted inside it) is the whole product."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """Browsers ask /favicon.ico whatever the page says: send them to the static icon (never a 404)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("admin_dashboards/favicon.svg")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("admin/", admin.site.urls),
]
