"""Long-lived tokens about to die: a connected Instagram token gets its 60-day expiry, and an account whose
token expires within TOKEN_EXPIRY_WARNING_DAYS (or whose rotation failed) is flagged in the account list,
on its page and in the dashboard's sync-health panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from admin_dashboards.caching import empty_caches
from analytics.models import Account
from tests import factories
from tests.analytics.admin.test_connect_instagram import graph, ig_users, meta, sign_in, texts  # noqa: F401

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:analytics_account_changelist"


def _instagram_account(**fields) -> Account:
    instance = factories.InstanceFactory(platform="instagram", base_url="https://graph.facebook.com")
    return factories.AccountFactory(instance=instance, **fields)


def test_connecting_instagram_starts_a_60_day_token(operator_client, meta):  # noqa: F811
    picking = sign_in(operator_client)
    operator_client.post(picking.url, {"accounts": [ig_users(meta)["studio_sandbox"]]})
    account = Account.objects.get()
    left = account.token_expires_at - timezone.now()
    assert timedelta(days=59, hours=23) < left <= timedelta(days=60)
    assert account.token_refresh_error == "" and account.token_refreshed_at is not None


def test_a_mastodon_token_has_no_expiry_and_no_warning(operator_client):
    account = factories.AccountFactory()
    page = operator_client.get(reverse("admin:analytics_account_change", args=[account.pk]))
    assert account.token_expires_at is None
    assert "reconnect the account" not in page.content.decode()


def test_the_list_and_the_page_warn_of_a_token_expiring_within_the_window(operator_client):
    soon = _instagram_account(handle="soon.example", token_expires_at=timezone.now() + timedelta(days=3, hours=1))
    _instagram_account(handle="later.example", token_expires_at=timezone.now() + timedelta(days=30))
    listing = operator_client.get(reverse(CHANGELIST)).content.decode()
    assert listing.count("Reconnect soon") == 1
    page = operator_client.get(reverse("admin:analytics_account_change", args=[soon.pk]))
    assert any("expires on" in text and "(in 3 days): reconnect the account" in text for text in texts(page))


def test_an_expired_token_is_flagged_expired(operator_client):
    gone = _instagram_account(token_expires_at=timezone.now() - timedelta(hours=1))
    assert "Expired" in operator_client.get(reverse(CHANGELIST)).content.decode()
    page = operator_client.get(reverse("admin:analytics_account_change", args=[gone.pk]))
    assert any("The access token expired on" in text for text in texts(page))


def test_a_failed_rotation_warns_even_far_from_expiry(operator_client):
    account = _instagram_account(token_expires_at=timezone.now() + timedelta(days=40),
                                 token_refresh_error="TransientError: 503 from graph.facebook.com")
    page = operator_client.get(reverse("admin:analytics_account_change", args=[account.pk]))
    assert any("Rotating the access token failed (TransientError: 503 from graph.facebook.com)" in text
               for text in texts(page))
    assert "Reconnect soon" in operator_client.get(reverse(CHANGELIST)).content.decode()


def test_the_warning_window_is_a_setting(operator_client, settings):
    _instagram_account(token_expires_at=timezone.now() + timedelta(days=20))
    assert "Reconnect soon" not in operator_client.get(reverse(CHANGELIST)).content.decode()
    settings.POSTFLOW = {**settings.POSTFLOW, "TOKEN_EXPIRY_WARNING_DAYS": 30}
    assert "Reconnect soon" in operator_client.get(reverse(CHANGELIST)).content.decode()


def test_the_sync_health_panel_lists_accounts_to_reconnect(analyst_client):
    soon = _instagram_account(handle="soon.example", token_expires_at=timezone.now() + timedelta(days=2))
    _instagram_account(handle="fine.example", token_expires_at=timezone.now() + timedelta(days=50))
    _instagram_account(handle="paused.example", token_expires_at=timezone.now() + timedelta(days=2),
                       is_active=False)
    empty_caches()
    html = analyst_client.get(reverse("admin:index")).content.decode()
    assert "Access tokens to renew" in html
    panel = html[html.index("pf-token-warnings"):]
    panel = panel[:panel.index("</ul>")]
    assert "soon.example" in panel and reverse("admin:analytics_account_change", args=[soon.pk]) in panel
    assert "fine.example" not in panel and "paused.example" not in panel


def test_the_panel_costs_one_query_however_many_accounts(analyst_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        empty_caches()
        with CaptureQueriesContext(connection) as queries:
            assert analyst_client.get(reverse("admin:index")).status_code == 200
        return len(queries)

    _instagram_account(token_expires_at=timezone.now() + timedelta(days=2))
    one = count()
    for _ in range(8):
        _instagram_account(token_expires_at=timezone.now() + timedelta(days=2))
    assert count() == one
