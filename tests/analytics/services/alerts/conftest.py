"""Alert tests: the migration's default rules (recreated after a transactional test flushed them) and the
admin tests' staff users (Analyst, Operator)."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps

from analytics.models import AlertRule
from tests.analytics.admin.conftest import analyst, analyst_client, operator, operator_client  # noqa: F401


def ensure_default_rules() -> None:
    if not AlertRule.objects.exists():
        import_module("analytics.migrations.0009_reports_alerts").create_default_rules(django_apps, None)
    if not AlertRule.objects.filter(kind="token_expiring").exists():
        import_module("analytics.migrations.0017_gts_token_expiry").create_token_rule(django_apps, None)


@pytest.fixture(autouse=True)
def default_rules(request):
    if request.node.get_closest_marker("django_db"):
        ensure_default_rules()
