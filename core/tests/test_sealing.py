"""Secrets sealed for the database (core.sealing): they open under the key that sealed them
or a fallback, never under another, and resealing moves them to the current key."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import sealing

KEY_A = "first-secret-key-for-sealing-tests-0123456789abcdef"
KEY_B = "second-secret-key-for-sealing-tests-0123456789abcdef"


@pytest.fixture
def key_a(settings):
    settings.SECRET_KEY = KEY_A
    settings.SECRET_KEY_FALLBACKS = []
    return settings


@given(text=st.text())
def test_what_is_sealed_opens_to_itself(text):
    sealed = sealing.seal(text)
    assert sealing.is_sealed(sealed)
    assert sealing.unseal(sealed) == text


def test_each_sealing_differs(key_a):
    # Nothing to compare two rows by: equal secrets do not look equal in the database.
    assert sealing.seal("whsec_same") != sealing.seal("whsec_same")


def test_another_key_cannot_open_it_and_says_which_setting_would(key_a):
    sealed = sealing.seal("whsec_abc")
    key_a.SECRET_KEY = KEY_B
    with pytest.raises(sealing.Unsealable, match="SECRET_KEY_FALLBACKS"):
        sealing.unseal(sealed)
    with pytest.raises(sealing.Unsealable):
        sealing.reseal(sealed)


def test_a_fallback_opens_it_and_resealing_moves_it_to_the_current_key(key_a):
    sealed = sealing.seal("whsec_abc")
    key_a.SECRET_KEY = KEY_B
    key_a.SECRET_KEY_FALLBACKS = [KEY_A]
    assert sealing.unseal(sealed) == "whsec_abc"
    moved = sealing.reseal(sealed)
    key_a.SECRET_KEY_FALLBACKS = []
    assert sealing.unseal(moved) == "whsec_abc"


def test_a_plain_value_is_never_taken_for_a_sealed_one(key_a):
    with pytest.raises(sealing.Unsealable):
        sealing.unseal("whsec_plain")
    assert sealing.unseal(sealing.reseal("whsec_plain")) == "whsec_plain"
