"""Fixtures for the admin tests: staff users in the Analyst and Operator groups, and their clients."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from tests import factories


def staff_group(name: str) -> Group:
    """The group from migrations 0002 and 0009; recreated when a transactional test flushed the database."""
    if not Group.objects.filter(name=name).exists():
        import_module("analytics.migrations.0002_staff_groups").create_groups(django_apps, None)
        # 0009 adds the alert and report permissions (and the default alert rules).
        import_module("analytics.migrations.0009_reports_alerts").create_default_rules(django_apps, None)
    return Group.objects.get(name=name)


def _member_of(group_name: str, username: str):
    user = factories.UserFactory(username=username)
    user.groups.add(staff_group(group_name))
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
