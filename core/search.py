"""Search boxes over names and addresses: every word typed must appear in one of the fields,
whatever its case and accents ("helene" finds "Hélène", "ÉCOLE" finds "ecole").

Small lists (a contact picker, the door's check-in list) are matched with SQL's UNACCENT()
at query time: PostgreSQL's unaccent extension (installed by members' migration 0003), and
on SQLite, where the quick start runs, a function of the same name registered on each
connection. The member directory, larger, keeps its indexed search document instead
(members.services.directory)."""

from functools import reduce
from operator import and_, or_

from django.db.backends.signals import connection_created
from django.db.models import CharField, F, Func, Q, QuerySet
from django.db.models.lookups import IContains

from members.services.directory import search_normalise

# Words after this many are ignored: a search box is not a place for a novel.
MAX_WORDS = 6


class Unaccent(Func):
    function = "UNACCENT"
    output_field = CharField()


def words_match(queryset: QuerySet, *, fields: list[str], query: str | None) -> QuerySet:
    """The rows of `queryset` where each word of `query` is found in one of `fields`
    (related ones too: "organization__name")."""
    # PostgreSQL refuses NUL in a string: a hostile query must not become an error page.
    words = [
        search_normalise(word) for word in (query or "").replace("\x00", "").split()[:MAX_WORDS]
    ]
    if not words:
        return queryset
    # Lookups on expressions rather than annotations: nothing joins a GROUP BY, and the
    # queryset can still be counted, sliced or used as a subquery.
    each_word = (
        reduce(or_, (Q(IContains(Unaccent(F(field)), word)) for field in fields)) for word in words
    )
    return queryset.filter(reduce(and_, each_word))


def _sqlite_unaccent(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "UNACCENT", 1, lambda text: search_normalise(text) if text else text, deterministic=True
        )


connection_created.connect(_sqlite_unaccent, dispatch_uid="core.search.sqlite_unaccent")
