"""An Operator cannot point a token at another host: the instance URL and an account's instance are fixed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from analytics.models import Account, Instance
from tests.analytics.services.fake_mastodon import BASE

pytestmark = pytest.mark.django_db
EVIL = "https://evil.example"


def test_operator_cannot_change_an_instance_base_url(operator_client, account):
    instance = account.instance
    url = reverse("admin:analytics_instance_change", args=[instance.pk])
    page = operator_client.get(url)
    assert page.status_code == 200
    assert b'name="base_url"' not in page.content
    response = operator_client.post(url, {"base_url": EVIL, "platform": "pixelfed", "software_version": "1"})
    assert response.status_code == 302
    instance.refresh_from_db()
    assert (instance.base_url, instance.platform) == (BASE, "mastodon")
    assert Account.objects.get(pk=account.pk).instance.base_url == BASE  # where the client sends the token


def test_operator_cannot_move_an_account_to_another_instance(operator_client, account):
    evil = Instance.objects.create(base_url=EVIL, platform="mastodon")
    url = reverse("admin:analytics_account_change", args=[account.pk])
    page = operator_client.get(url)
    assert b'name="instance"' not in page.content
    data = {"instance": evil.pk, "platform": "mastodon", "remote_id": "666", "handle": "brand",
            "display_name": "", "team": "", "owner": "", "is_active": "on"}
    response = operator_client.post(url, data)
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.instance_id, account.remote_id) != (evil.pk, "666")
    assert account.instance.base_url == BASE


def test_a_new_instance_and_account_still_take_their_url(operator_client):
    response = operator_client.post(reverse("admin:analytics_instance_add"),
                                    {"base_url": "https://new.example", "platform": "mastodon",
                                     "software_version": ""})
    assert response.status_code == 302
    assert Instance.objects.filter(base_url="https://new.example").exists()
    assert Group.objects.filter(name="Operator").exists()
