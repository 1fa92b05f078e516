"""Cursor pagination over a unique ordering (keyset): `?limit=25&cursor=…`.

A page is read with `WHERE (ordering) > (last row's values)`, so page 400 costs what page 1
costs and a row added meanwhile neither repeats nor hides another. The cursor is opaque to
clients (base64 of the last row's ordering values); a cursor this API did not give answers
400 `invalid-cursor`, and a `limit` over MAX_LIMIT answers 422 like any out-of-range value.

Use with django-ninja's decorator: `@paginate(KeysetPagination, ordering=("name", "pk"))`;
the ordering must end with "pk" so that it is unique. `present=` turns each row
into what the response shows."""

import base64
import datetime
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Field as ModelField
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from api.problems import Problem

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def _encode(values: list) -> str:
    plain = [
        v.isoformat() if isinstance(v, datetime.datetime | datetime.date) else v for v in values
    ]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError) as error:
        raise Problem("invalid-cursor", gettext("This cursor cannot be read.")) from error
    if not isinstance(values, list) or len(values) != size:
        raise Problem("invalid-cursor", gettext("This cursor cannot be read."))
    for value in values:
        if not isinstance(value, str | int | float | bool) and value is not None:
            raise Problem("invalid-cursor", gettext("This cursor cannot be read."))
    return values


def _value_of(item, field: str):
    value = item
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _cursor_value(model_field: ModelField | None, value):
    """The cursor's value as its field holds it: a client may edit a cursor, and a value
    of the wrong type must be refused here, not by the database."""
    if model_field is None or value is None:
        return value
    try:
        return model_field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        raise Problem("invalid-cursor", gettext("This cursor cannot be read.")) from None


def _after(ordering: tuple[str, ...], values: list, fields: dict) -> Q:
    """Rows strictly after `values` in `ordering`: (a > x) or (a = x and b > y) or …, with
    PostgreSQL's NULLs (last ascending, first descending) for nullable fields."""
    condition = None
    equal = Q()
    for field, value in zip(ordering, values, strict=True):
        name = field.lstrip("-")
        descending = field.startswith("-")
        model_field = fields.get(name)
        nullable = model_field is not None and model_field.null
        value = _cursor_value(model_field, value)
        if value is None:
            step = Q(**{f"{name}__isnull": False}) if descending else None
            same = Q(**{f"{name}__isnull": True})
        else:
            step = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
            if nullable and not descending:
                step |= Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        if step is not None:
            condition = (equal & step) if condition is None else condition | (equal & step)
        equal &= same
    return condition if condition is not None else Q(pk__in=[])


class KeysetPagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}."
        )
        cursor: str | None = Field(
            None,
            description="The `next` link's cursor, from the previous page; none for the first.",
        )

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(description="The next page's URL, or null on the last page.")

    items_attribute = "items"

    def __init__(self, *, ordering: tuple[str, ...] = ("pk",), present=None, **kwargs):
        if ordering[-1].lstrip("-") not in ("pk", "id"):
            raise ValueError("A keyset ordering must end with the primary key.")
        self.ordering = tuple(ordering)
        # Turns each row of the page into what the response shows, after the cursor was
        # read from the rows themselves.
        self.present = present
        super().__init__(**kwargs)

    def _fields(self, queryset: QuerySet) -> dict[str, ModelField]:
        """name → model field of the ordering's own fields."""
        found = {}
        for field in self.ordering:
            name = field.lstrip("-")
            if "__" in name:
                continue  # a related path: compared as given
            found[name] = (
                queryset.model._meta.pk if name == "pk" else queryset.model._meta.get_field(name)
            )
        return found

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params
    ):
        queryset = queryset.order_by(*self.ordering)
        if pagination.cursor:
            values = _decode(pagination.cursor, len(self.ordering))
            queryset = queryset.filter(_after(self.ordering, values, self._fields(queryset)))
        rows = list(queryset[: pagination.limit + 1])
        next_url = None
        if len(rows) > pagination.limit:
            rows = rows[: pagination.limit]
            last = rows[-1]
            cursor = _encode([_value_of(last, field.lstrip("-")) for field in self.ordering])
            query = request.GET.copy()
            query["cursor"] = cursor
            query["limit"] = str(pagination.limit)
            # From the site's public address, not the Host the caller sent: a public page is
            # stored and served to everyone, and must not point them to another host.
            next_url = f"{settings.SITE_URL}{request.path}?{query.urlencode()}"
        if self.present is not None:
            rows = [self.present(row) for row in rows]
        return {"items": rows, "next": next_url}
