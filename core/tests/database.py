"""Looking for a value anywhere in the database, for tests that a secret is not stored."""

from django.db import connection


def tables_holding(value: str) -> list[str]:
    """The tables with a row whose text form (every column, JSON included) contains
    `value`. PostgreSQL only: a row cast to text holds all of its columns."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT 1 FROM {quoted} AS r WHERE strpos(r::text, %s) > 0 LIMIT 1",
                [value],
            )
            if cursor.fetchone():
                found.append(table)
    return found


def assert_nowhere_in_database(value: str) -> None:
    assert tables_holding(value) == [], f"{value!r} is stored"
