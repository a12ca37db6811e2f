"""What django-q2 keeps of a crashed task (its failure row, which Analysts can read) never holds token
ciphertext: not from a real constraint error that quotes the account row, nor from any message quoting it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django_q.models import Task
from django_q.signals import pre_execute
from django_q.tasks import async_task

from analytics.models import Account, SyncKind, SyncRun
from analytics.services.maintenance import flows
from analytics.services.runs.errors import safe_error_text
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _stored_ciphertext(account) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token FROM analytics_account WHERE id = %s", [account.pk])
        return cursor.fetchone()[0]


def _violate_a_constraint_on(account):
    def crash(**kwargs):
        with transaction.atomic():  # a savepoint, so the test's transaction stays usable
            Account.objects.filter(pk=account.pk).update(followers_count=-1)
    return crash


@pytest.fixture
def stored_like_a_cluster():
    """django-q2's sync mode re-raises a failure instead of saving it; dropping the flag once the worker has
    started lets the same worker and monitor code save the failure row, as a real cluster does."""
    def unsync(sender, task, **kwargs):
        task.pop("sync", None)

    pre_execute.connect(unsync, dispatch_uid="test-unsync")
    yield
    pre_execute.disconnect(dispatch_uid="test-unsync")


def test_postgresql_quotes_the_token_ciphertext_in_a_constraint_error(is_postgres):
    """The precondition of the next test: the database's own message holds (part of) the ciphertext."""
    if not is_postgres:
        pytest.skip("SQLite's constraint messages quote no values")
    account = factories.AccountFactory()
    with pytest.raises(IntegrityError) as caught:
        _violate_a_constraint_on(account)()
    assert _stored_ciphertext(account)[:40] in str(caught.value)


def test_a_constraint_error_is_stored_by_django_q_without_the_token_ciphertext(q_sync, stored_like_a_cluster,
                                                                                monkeypatch):
    account = factories.AccountFactory()
    ciphertext = _stored_ciphertext(account)
    monkeypatch.setattr(flows, "rebuild_account_daily_stats", _violate_a_constraint_on(account))

    async_task("analytics.tasks.rebuild_rollups", sync=True)

    failure = Task.objects.get(func="analytics.tasks.rebuild_rollups")
    assert not failure.success
    assert "IntegrityError" in failure.result
    assert ciphertext[:20] not in failure.result
    assert ciphertext[:20] not in SyncRun.objects.get(kind=SyncKind.ROLLUP).error_message


@pytest.mark.parametrize("template", [
    "duplicate key value violates unique constraint \"x\": ({})",  # a driver that puts values on line one
    "FEHLER: neue Zeile verletzt Check-Constraint\nDÉTAIL : La ligne en échec contient (7, {}, t)",  # localised
])
def test_a_token_ciphertext_anywhere_in_a_message_is_masked(template):
    ciphertext = Account._meta.get_field("access_token").get_prep_value("the-token")

    text = safe_error_text(IntegrityError(template.format(ciphertext)))

    assert ciphertext not in text and ciphertext[:20] not in text
    assert text.startswith("IntegrityError: ")


def test_a_ciphertext_in_a_log_line_is_redacted():
    from config.logging_filters import redact

    ciphertext = Account._meta.get_field("access_token").get_prep_value("the-token")

    assert ciphertext[:20] not in redact(f"upsert failed for row (7, {ciphertext[:64]}..., t)")
