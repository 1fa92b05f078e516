"""Shapes shared by the API's resources. Input schemas forbid unknown fields, so a typo
in a field name is a 422 rather than a silently ignored value."""

from typing import Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from ninja import Schema
from pydantic import ConfigDict

from api.problems import Problem


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class Term(Schema):
    """A term of a taxonomy (sector, competence, label): its stable code and its names."""

    code: str
    name_fr: str
    name_en: str


class Translated(Schema):
    fr: str
    en: str


def term(value) -> dict:
    return {"code": value.slug, "name_fr": value.name_fr, "name_en": value.name_en or value.name_fr}


def translated(french: str, english: str) -> dict:
    return {"fr": french or "", "en": english or ""}


def form_problem(form) -> Problem:
    """A Django form's errors as a 422 problem, each at its field's place in the body, so a
    write through the API is refused with the same messages as the back-office's form."""
    errors = []
    for field, field_errors in form.errors.as_data().items():
        location = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
        for error in field_errors:
            for message in error.messages:
                errors.append(
                    {
                        "location": location,
                        "pointer": "/" + "/".join(location),
                        "message": str(message),
                        "type": error.code or "invalid",
                    }
                )
    return Problem("validation-error", gettext("The request has invalid values."), errors=errors)


def validation_problem(error: ValidationError) -> Problem:
    """A model's ValidationError (raised by a service's full_clean) as a 422 problem."""
    errors = []
    for field, messages in error.message_dict.items():
        location = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
        for message in messages:
            errors.append(
                {
                    "location": location,
                    "pointer": "/" + "/".join(location),
                    "message": str(message),
                    "type": "invalid",
                }
            )
    return Problem("validation-error", gettext("The request has invalid values."), errors=errors)


def field_problem(field: str, message: str) -> Problem:
    location = ["body", field]
    return Problem(
        "validation-error",
        gettext("The request has invalid values."),
        errors=[
            {
                "location": location,
                "pointer": "/" + "/".join(location),
                "message": str(message),
                "type": "invalid",
            }
        ],
    )


def audit(request, obj, summary: str) -> None:
    """Say what a write changed, for the token's audit entry (api.middleware): `obj` is the
    object written (named by its slug, else its key) or its identifier."""
    if isinstance(obj, str | int):
        request.api_audit_object = obj
    else:
        request.api_audit_object = getattr(obj, "slug", None) or obj.pk
    request.api_audit_summary = summary


def choice(choices) -> type:
    """A field taking one of a Django `TextChoices`' values, listed in the OpenAPI document
    where the field is (an enum of its own would be named after its class, and classes
    called `Kind` or `Status` in different apps would clash)."""
    return Literal[tuple(choices.values)]
