"""Under the Content-Security-Policy, the admin and every dashboard work in Chromium without one violation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.admin_dashboards.conftest import build_dataset, dashboard_urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _admin_pages(post_id: int) -> dict[str, str]:
    return {
        **dashboard_urls(post_id),
        "post_list": reverse("admin:analytics_post_changelist"),
        "post_change": reverse("admin:analytics_post_change", args=[post_id]),
        "account_list": reverse("admin:analytics_account_changelist"),
        "run_list": reverse("admin:analytics_syncrun_changelist"),
    }


def test_the_admin_and_dashboards_log_no_csp_violation(log_in, live_server, csp_violations):
    dataset = build_dataset(1)
    page = log_in("csp-root")

    for name, path in _admin_pages(dataset.post.pk).items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, name
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        page.wait_for_load_state("networkidle")
        assert not csp_violations, f"{name}: {csp_violations}"


def test_alpine_still_runs_under_the_policy(log_in, live_server, csp_violations):
    page = log_in("csp-alpine")
    page.goto(f"{live_server.url}{reverse('admin:analytics_post_changelist')}")

    # Alpine.js (unfold's menus and filters) has started: it removes x-cloak from the elements it manages.
    page.wait_for_function("() => window.Alpine !== undefined && document.querySelectorAll('[x-cloak]').length === 0")
    assert not csp_violations


def test_an_inline_script_is_refused(log_in, live_server, csp_violations):
    page = log_in("csp-inline")
    page.goto(f"{live_server.url}/admin/")

    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
                  " document.body.appendChild(s); }")

    assert page.evaluate("() => window.pwned") is None
    page.wait_for_timeout(200)
    assert any("script-src" in text for text in csp_violations)
