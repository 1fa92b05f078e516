"""Secrets the portal must read back, sealed before they reach the database: a webhook
endpoint's signing secret (every delivery signs with it) and a second factor's TOTP key and
recovery-code seed (allauth asks core.adapters.SealingMFAAdapter to seal them). A copy of
the database alone (pg_dump, a backup) then hands none of them out.

A sealed value is `sealed:` and a Fernet token (AES-128-CBC with an HMAC-SHA256, from
`cryptography`) under a key derived from SECRET_KEY. The keys in SECRET_KEY_FALLBACKS still
open what they sealed, so the secret key can be changed the way Django describes; then
`manage.py reseal_secrets` seals everything again under the new key, after which the
fallbacks may go. Without the key that sealed a value, it cannot be opened: Unsealable
says so, and which setting would bring it back."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.crypto import salted_hmac

PREFIX = "sealed:"
_KEY_SALT = "core.sealing"


class Unsealable(Exception):
    """A sealed value none of the configured keys opens."""


_UNSEALABLE = (
    "No key opens this sealed secret: it was sealed under a SECRET_KEY that is neither the "
    "current one nor in SECRET_KEY_FALLBACKS. Put that key back in the fallbacks."
)


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    # One Fernet key (32 bytes, urlsafe base64) per Django secret key; the first seals.
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(_KEY_SALT, "fernet", secret=key, algorithm="sha256").digest()
                )
            )
            for key in keys
        ]
    )


def _keys() -> MultiFernet:
    return _fernet((settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS))


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode()).decode()


def unseal(value: str) -> str:
    if not is_sealed(value):
        raise Unsealable("Not a sealed value.")
    try:
        return _keys().decrypt(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise Unsealable(_UNSEALABLE) from None


def reseal(value: str) -> str:
    """`value` sealed again under the current key (a plain value is sealed)."""
    if not is_sealed(value):
        return seal(value)
    try:
        return PREFIX + _keys().rotate(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise Unsealable(_UNSEALABLE) from None


class Sealed:
    """A value as read from the database, still sealed: a SealedTextField opens it only when
    its attribute is read, so one value that no key opens fails where it is used (a
    delivery, a sign-in), not every query that loads its row."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return "<Sealed>"


def opened(value):
    """A SealedTextField's value as Python holds it: open text, None, or a Sealed opened."""
    return unseal(value.text) if isinstance(value, Sealed) else value


class _OpenedOnRead(DeferredAttribute):
    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = instance.__dict__[self.field.attname] = unseal(value.text)
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class SealedTextField(models.TextField):
    """Text kept sealed in the database and open in Python, opened when first read. Its
    values cannot be looked up (each sealing differs), which is right for a secret."""

    descriptor_class = _OpenedOnRead

    def from_db_value(self, value, expression, connection):
        return value if value is None else Sealed(value)

    def pre_save(self, model_instance, add):
        # What the instance holds, unopened: saving a row never needs its secret open.
        return model_instance.__dict__.get(self.attname)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return value.text  # as it was read: still sealed
        value = super().get_prep_value(value)
        return value if value is None else seal(value)
