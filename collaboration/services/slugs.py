"""Slugs of collaboration's rows (calls, projects, opportunities), unique even when two people
create rows of the same title at the same moment."""

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.text import slugify

# A row is given up on after this many titles alike: far beyond any real case.
_ATTEMPTS = 100


def slug_base(model: type[Model], text: str, *, fallback: str) -> str:
    """The slug of `text`, short enough to take a "-<number>" suffix."""
    max_length = model._meta.get_field("slug").max_length - 8
    return slugify(text)[:max_length].strip("-") or fallback


def slug_free(model: type[Model], text: str, *, fallback: str, exclude_pk=None) -> str:
    """The first of base, base-2, base-3… no row of `model` has (other than `exclude_pk`)."""
    base = slug_base(model, text, fallback=fallback)
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def row_save_with_free_slug(row: Model, text: str, *, fallback: str) -> Model:
    """Insert `row` (unsaved, its slug empty) under the first free slug of `text`. Between
    reading the free slug and inserting, someone else may take it: the insert then fails on
    the unique slug inside a savepoint and the next one is tried, instead of a 500."""
    model = type(row)
    for _attempt in range(_ATTEMPTS):
        row.slug = slug_free(model, text, fallback=fallback)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            if not model.objects.filter(slug=row.slug).exists():
                raise  # another constraint: not ours to retry
            row.pk = None
            continue
        return row
    raise IntegrityError(f"No free slug for {text!r} after {_ATTEMPTS} attempts")
