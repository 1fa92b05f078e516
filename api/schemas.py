"""Shapes shared by the API's resources. Input schemas forbid unknown fields, so a typo
in a field name is a 422 rather than a silently ignored value."""

from ninja import Schema
from pydantic import ConfigDict


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
