"""What every app's demo data (`manage.py seed_demo`) needs and no domain owns."""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DecimalField,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    TextField,
)
from psycopg import sql

COPY_FALLBACK_BATCH_SIZE = 2000
# Fields whose value psycopg writes as Django would have prepared it (ids are IntegerFields).
PLAIN_FIELDS = (BooleanField, CharField, DecimalField, ForeignKey, IntegerField, TextField)


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… the first not in `taken`, which it joins: slugs and
    web domains of thousands of demo rows must not collide."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def bulk_copy(model: type[Model], objects: Iterable[Model]) -> list[Model]:
    """Save new `objects` of `model` as `bulk_create` does, ids set, in a fraction of the
    time on PostgreSQL: the ids come from the table's sequence in one query and the rows go
    in with COPY, where bulk_create builds one array per column and has the server unnest
    them. The demo's 100,000 organizations write about 1.5 million rows. Elsewhere (the
    quick start's SQLite) it is bulk_create."""
    objects = list(objects)
    if not objects or connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=COPY_FALLBACK_BATCH_SIZE)
    saved = next((obj for obj in objects if obj.pk is not None), None)
    if saved is not None:
        raise ValueError(f"bulk_copy saves new rows only: {saved!r} has an id.")
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # One block of ids, reserved by moving the sequence past it; the lock (held until
        # the seed commits) keeps any other writer from drawing an id in between.
        cursor.execute(
            sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(sql.Identifier(meta.db_table))
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%(table)s, %(column)s),"
            " nextval(pg_get_serial_sequence(%(table)s, %(column)s)) + %(count)s - 1)",
            {"table": meta.db_table, "column": meta.pk.column, "count": len(objects)},
        )
        last = cursor.fetchone()[0]
    ids = range(last - len(objects) + 1, last + 1)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        # Foreign keys to objects saved since they were assigned (as bulk_create does).
        obj._prepare_related_fields_for_save(operation_name="bulk_copy")
        obj._state.adding = False
        obj._state.db = DEFAULT_DB_ALIAS
    columns = sql.SQL(", ").join(sql.Identifier(field.column) for field in fields)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(meta.db_table), columns)
    # Most columns take the attribute as it is; Django's own preparation, one call per value,
    # was half the time: it is kept for the fields that need it (JSON, arrays, auto dates…).
    plain = [_plain(field) for field in fields]
    attnames = [field.attname for field in fields]
    with (
        transaction.atomic(savepoint=False),
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for obj in objects:
            copy.write_row(
                [
                    getattr(obj, attname)
                    if is_plain
                    else field.get_db_prep_save(field.pre_save(obj, True), connection)
                    for field, attname, is_plain in zip(fields, attnames, plain, strict=True)
                ]
            )
    return objects


def _plain(field: Field) -> bool:
    """Whether PostgreSQL takes the field's Python value as it is."""
    if isinstance(field, DateField):  # DateTimeField too
        return not (field.auto_now or field.auto_now_add)
    return isinstance(field, PLAIN_FIELDS)
