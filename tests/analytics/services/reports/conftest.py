"""The admin tests' staff users (Analyst, Operator) for the reports admin tests."""

from tests.analytics.admin.conftest import analyst, analyst_client, operator, operator_client  # noqa: F401
