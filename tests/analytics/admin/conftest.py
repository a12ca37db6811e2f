"""Fixtures for the admin tests: staff users in the Analyst and Operator groups, and their clients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests import factories


def _member_of(group_name: str, username: str):
    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def analyst(db):
    return _member_of("Analyst", "analyst")


@pytest.fixture
def operator(db):
    return _member_of("Operator", "operator")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client
