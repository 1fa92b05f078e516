"""The one way a search box of the portal matches text: accents and case ignored.

A query is cut into words (`search_terms`); a row matches when every word appears in at
least one of the searched fields, both sides lower-cased and stripped of accents, so
"adhesion" finds "Adhésion", "NEO" finds "Néo" and "marie dupont" finds Dupont, Marie.
Both sides go through `portal_search_text()`: on PostgreSQL an IMMUTABLE
`lower(unaccent(...))` (core migration 0008), on which the apps build trigram indexes for
their big tables' searched columns, so a word inside a name is found without reading every
row; on SQLite, where the quick start runs, the same Python function as the query,
registered on each connection (CoreConfig.ready).

The public directory searches a precomputed, indexed document instead
(members.services.directory), with the same normalisation.
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.migrations import RunPython
from django.db.models import CharField, Func, Q
from django.db.models.lookups import Contains

# Letters NFKD does not decompose into a base letter plus accents.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})
_WORD = re.compile(r"[a-z0-9]+")
# Terms after this many are ignored: a search box is not a place for a novel.
MAX_TERMS = 8
# The function's name in both databases (core migration 0008; sqlite_register).
SQLITE_FUNCTION = "portal_search_text"


def search_normalise(text: str) -> str:
    """Lower-case `text` and strip its accents: "Sécurité École" → "securite ecole"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_terms(text: str) -> list[str]:
    """The words of a query, normalised; only [a-z0-9] survive, so they are safe in tsquery."""
    return _WORD.findall(search_normalise(text))[:MAX_TERMS]


class SearchText(Func):
    """A text column as searches compare it: lower-case, without accents."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION)


def search_filter(query: str, fields: Sequence[str]) -> Q:
    """The condition for `query` over `fields` (names or lookups such as "contact__email"):
    every word in at least one field. An empty Q (no filter) when the query has no word."""
    condition = Q()
    for term in search_terms(query):
        condition &= reduce(or_, (Q(Contains(SearchText(field), term)) for field in fields))
    return condition


def sqlite_register(sender, connection, **kwargs) -> None:
    """Give a new SQLite connection the function SearchText calls there."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION,
            1,
            lambda text: None if text is None else search_normalise(text),
            deterministic=True,
        )


def trigram_indexes(indexes: dict[tuple[str, str], str]) -> RunPython:
    """A migration operation building a trigram index named `name` on
    `portal_search_text(column)` for each `(table, column): name` (PostgreSQL only: SQLite,
    where the quick start runs, has no such index). The apps' migrations use it for the
    columns their staff searches read; it needs core migration 0008."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for (table, column), name in indexes.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin (portal_search_text({column}) gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name in indexes.values():
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return RunPython(forwards, backwards)
