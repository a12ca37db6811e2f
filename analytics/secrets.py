"""Access tokens at rest: Fernet encryption with rotatable keys, and a value that never prints itself."""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute


class Secret:
    """A decrypted token: `str()` and `repr()` are masked so templates, logs and exports never show it."""

    __slots__ = ("_value",)
    MASK = "••••••••"

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The plain token, for the one place that needs it: the platform client's Authorization header."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __str__(self) -> str:
        return self.MASK if self._value else ""

    def __repr__(self) -> str:
        return f"Secret({self.MASK})" if self._value else "Secret('')"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Access token cannot be decrypted with the configured TOKEN_ENCRYPTION_KEYS") from exc


class SecretAttribute(DeferredAttribute):
    """Whatever is assigned (a plain string too) is held as a `Secret`, so it never prints by accident."""

    def __set__(self, instance, value) -> None:
        if value is not None and not isinstance(value, Secret):
            value = Secret(str(value))
        instance.__dict__[self.field.attname] = value


class EncryptedTokenField(models.TextField):
    """Stores Fernet ciphertext; Python code sees a `Secret`. Not editable through forms by default."""

    descriptor_class = SecretAttribute

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if not value:
            return Secret("")
        return Secret(decrypt(value))

    def to_python(self, value):
        if isinstance(value, Secret) or value is None:
            return value
        return Secret(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        plain = value.reveal() if isinstance(value, Secret) else str(value)
        return encrypt(plain) if plain else ""

    def value_to_string(self, obj):
        """Serialisation (dumpdata) never writes the token, not even encrypted."""
        return ""
