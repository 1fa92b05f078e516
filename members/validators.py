"""Checks of French company identifiers: SIREN, SIRET and NAF/APE codes.

Both SIREN and SIRET carry a Luhn check digit, which catches a mistyped or swapped digit
before staff find a wrong company in the register.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN and their SIRETs do not follow the Luhn key:
# INSEE checks that the digits add up to a multiple of 5 instead.
LA_POSTE_SIREN = "356000000"

NAF_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


def identifier_normalise(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside identifiers."""
    return re.sub(r"[\s.\-]", "", value or "")


def luhn_valid(digits: str) -> bool:
    """True when the string of digits passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_valid(value):
        raise ValidationError(
            _("This SIREN number is not valid (its check digit is wrong): please check it."),
            code="siren_key",
        )


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"\d{14}", value):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(char) for char in value) % 5 == 0
    else:
        valid = luhn_valid(value)
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid (its check digit is wrong): please check it."),
            code="siret_key",
        )


def naf_code_normalise(value: str) -> str:
    """Return the code as INSEE writes it ("62.01Z"), or raise ValidationError."""
    match = NAF_CODE.match((value or "").strip().upper())
    if not match:
        raise ValidationError(
            _("A NAF/APE code is 4 digits and a letter, for example 62.01Z."), code="naf_format"
        )
    return f"{match[1]}.{match[2]}{match[3]}"
