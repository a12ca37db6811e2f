"""The site's sidebar is unfold's: the same items, permissions, active link and badges, from links resolved once."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from unfold.sites import UnfoldAdminSite

from analytics.models import AccountStatus
from tests import factories
from tests.admin_dashboards.conftest import _user_with

pytestmark = pytest.mark.django_db


def _sidebars(user, path: str) -> tuple[list, list]:
    request = RequestFactory().get(path)
    request.user = user
    ours = admin.site.get_sidebar_list(request)
    unfolds = UnfoldAdminSite.get_sidebar_list(admin.site, request)
    return ours, unfolds


def _shown(groups) -> list[tuple]:
    return [(str(item["title"]), str(item["link"]), item["active"], item["has_permission"],
             str(item.get("badge_callback", "")))
            for group in groups for item in group["items"]]


@pytest.mark.parametrize("path", [reverse("admin:index"), reverse("admin:analytics_post_changelist")])
def test_items_permissions_active_link_and_badges_match_unfolds(path):
    factories.AccountFactory(status=AccountStatus.FAILING)  # a failing account: the Accounts badge
    viewer = _user_with("view_post", username="viewer")
    ours, unfolds = _sidebars(viewer, path)

    assert _shown(ours) == _shown(unfolds)
    posts = next(item for group in ours for item in group["items"] if str(item["title"]) == "Posts")
    assert posts["active"] == (path == reverse("admin:analytics_post_changelist"))
    assert not next(item for group in ours for item in group["items"]
                    if str(item["title"]) == "Accounts")["has_permission"]  # no view_account
