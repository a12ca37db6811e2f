"""Access tokens are encrypted at rest and never printed."""

from __future__ import annotations

import logging

import pytest
from django.core import serializers
from django.db import connection

from analytics.models import Account
from analytics.secrets import Secret
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
TOKEN = "s3cr3t-Token-ABC123xyz"


def _stored_column(account: Account) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token FROM analytics_account WHERE id = %s", [account.pk])
        return cursor.fetchone()[0]


def test_token_round_trips_through_the_database():
    account = factories.AccountFactory(access_token=TOKEN)
    loaded = Account.objects.get(pk=account.pk)
    assert isinstance(loaded.access_token, Secret)
    assert loaded.access_token.reveal() == TOKEN


def test_stored_column_is_not_the_plaintext():
    account = factories.AccountFactory(access_token=TOKEN)
    stored = _stored_column(account)
    assert TOKEN not in stored
    assert stored.startswith("gAAAA")  # Fernet token


def test_encryption_is_randomised_per_write():
    first = factories.AccountFactory(access_token=TOKEN)
    second = factories.AccountFactory(access_token=TOKEN)
    assert _stored_column(first) != _stored_column(second)


def test_token_is_masked_in_str_repr_and_model_repr():
    account = Account.objects.get(pk=factories.AccountFactory(access_token=TOKEN).pk)
    for text in (str(account.access_token), repr(account.access_token), repr(account), str(account)):
        assert TOKEN not in text


def test_token_never_reaches_logs(caplog):
    account = Account.objects.get(pk=factories.AccountFactory(access_token=TOKEN).pk)
    with caplog.at_level(logging.INFO):
        logging.getLogger("analytics").info("syncing %s with %s", account, account.access_token)
    assert TOKEN not in caplog.text


def test_serialisation_never_writes_the_token():
    account = factories.AccountFactory(access_token=TOKEN)
    dumped = serializers.serialize("json", Account.objects.filter(pk=account.pk))
    assert TOKEN not in dumped
    assert _stored_column(account) not in dumped


def test_rotated_keys_still_decrypt_old_tokens(settings):
    from cryptography.fernet import Fernet

    account = factories.AccountFactory(access_token=TOKEN)
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.TOKEN_ENCRYPTION_KEYS]
    assert Account.objects.get(pk=account.pk).access_token.reveal() == TOKEN


def test_wrong_key_fails_loudly(settings):
    from cryptography.fernet import Fernet

    account = factories.AccountFactory(access_token=TOKEN)
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        Account.objects.get(pk=account.pk)
