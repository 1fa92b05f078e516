"""Checks of French company identifiers: SIREN, SIRET and NAF/APE codes.

Both SIREN and SIRET carry a Luhn check digit, which catches a mistyped or swapped digit
before staff find a wrong company in the register. The checks are python-stdnum's, which
also knows La Poste's SIRET rule; everything in the project that checks or makes a SIREN or
SIRET goes through this module.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

NAF_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


def identifier_normalise(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside identifiers."""
    return re.sub(r"[\s.\-]", "", value or "")


def luhn_complete(digits: str) -> str:
    """`digits` followed by the Luhn check digit that completes them: eight digits make a
    valid SIREN, a SIREN and four more a valid SIRET (outside La Poste)."""
    return digits + luhn.calc_check_digit(digits)


def validate_siren(value: str) -> None:
    # ASCII digits only: stdnum would refuse others, but as a wrong key, not a wrong format.
    if not re.fullmatch(r"[0-9]{9}", value):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not stdnum_siren.is_valid(value):
        raise ValidationError(
            _("This SIREN number is not valid (its check digit is wrong): please check it."),
            code="siren_key",
        )


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"[0-9]{14}", value):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    # stdnum checks the Luhn key of the SIRET and of its SIREN; La Poste's establishments
    # share one SIREN and their SIRETs add up to a multiple of 5 instead.
    if not stdnum_siret.is_valid(value):
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
