"""Onboarding accounts from CSV: platform, instance, handle; tokens are not importable, accounts stay off."""

from __future__ import annotations

import pytest
import tablib
from django.urls import reverse

from analytics.exports.resources import AccountImportResource
from analytics.models import Account, Instance

pytestmark = pytest.mark.django_db


def _import(rows, headers=("platform", "instance", "handle")):
    return AccountImportResource().import_data(tablib.Dataset(*rows, headers=list(headers)), dry_run=False)


@pytest.mark.smoke
def test_import_creates_inactive_accounts_and_their_instances():
    result = _import([("Mastodon", "Mastodon.Social/", "@brand"), ("pixelfed", "https://pixelfed.social", "pics")])
    assert not result.has_errors() and not result.has_validation_errors()
    brand = Account.objects.get(handle="brand")
    assert brand.instance.base_url == "https://mastodon.social"
    assert (brand.is_active, brand.status, brand.remote_id) == (False, "needs_reauth", "pending:brand")
    assert not brand.access_token
    assert Instance.objects.count() == 2


def test_token_columns_are_ignored():
    _import([("mastodon", "https://mastodon.social", "brand", "stolen-token")],
            headers=("platform", "instance", "handle", "access_token"))
    assert not Account.objects.get().access_token


def test_reimport_updates_instead_of_duplicating():
    _import([("mastodon", "https://mastodon.social", "brand")])
    _import([("mastodon", "https://mastodon.social", "brand")])
    assert Account.objects.count() == 1


def test_bad_rows_are_reported_not_saved():
    result = _import([("myspace", "https://myspace.example", "tom"), ("mastodon", "ftp://bad", "x")])
    assert result.has_errors() or result.has_validation_errors()
    assert not Account.objects.exists()


def test_import_page_is_for_operators_only(operator_client):
    assert operator_client.get(reverse("admin:analytics_account_import")).status_code == 200
