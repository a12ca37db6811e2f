"""Browser tests: pytest-playwright's `page` on Debian's /usr/bin/chromium, against pytest-django's live_server."""

from __future__ import annotations

import os

import pytest

from tests import factories

# Playwright's sync API runs an event loop; live_server's ORM calls happen outside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture
def log_in(page, live_server):
    """`log_in(username)`: a superuser signs in through the admin's login form and lands on the dashboard."""
    def sign_in(username: str = "browser-root"):
        factories.UserFactory(username=username, is_superuser=True)
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "correct horse battery staple")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    return sign_in


@pytest.fixture
def csp_violations(page):
    """Every Content-Security-Policy violation Chromium reports on `page`: its console message for a blocked
    script, style, image or eval, and the DOM's `securitypolicyviolation` event (re-logged to the console)."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error("
                         "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    return seen
