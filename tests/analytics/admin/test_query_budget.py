"""Every analytics changelist and change page runs the same number of queries at 50 and at 500 rows."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analytics.admin.factories_extra import populate

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "analytics"]
PAGE_BUDGET = 20


@pytest.fixture(autouse=True)
def sidebar_rendered_every_time(settings):
    """The sidebar's badge queries count on every page here (a cached sidebar would hide them after the first)."""
    settings.POSTFLOW = {**settings.POSTFLOW, "SIDEBAR_CACHE_SECONDS": 0}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _changelist(model) -> str:
    return reverse(f"admin:analytics_{model._meta.model_name}_changelist")


def _change(model) -> str:
    obj = model._default_manager.order_by("pk").first()
    return reverse(f"admin:analytics_{model._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page_queries_do_not_grow_with_rows(admin_client, model):
    account = populate(50)
    admin_client.get(_change(model))  # warm per-process caches (content types) before counting
    small = (_queries(admin_client, _changelist(model)), _queries(admin_client, _change(model)))
    populate(450, account=account)
    large = (_queries(admin_client, _changelist(model)), _queries(admin_client, _change(model)))
    assert small == large
    assert max(large) <= PAGE_BUDGET


@pytest.mark.smoke
def test_post_changelist_stays_within_its_budget(admin_client, django_assert_max_num_queries):
    populate(60)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:analytics_post_changelist"))
    assert response.status_code == 200
