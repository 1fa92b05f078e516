from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from communications.models import FaqCategory, FaqEntry
from communications.selectors.faq import faq_anchor_taken


def _unique_anchor(instance: Model, source: str) -> str:
    """A slug from `source`, suffixed -2, -3… while another category or entry has it."""
    max_length = instance._meta.get_field("slug").max_length
    base = slugify(source)[: max_length - 4].strip("-") or "item"
    slug, number = base, 2
    while faq_anchor_taken(slug=slug, instance=instance):
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def faq_entry_save(*, entry: FaqEntry, data: dict) -> FaqEntry:
    for field, value in data.items():
        setattr(entry, field, value)
    if not entry.slug:
        entry.slug = _unique_anchor(entry, entry.question_fr)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def faq_entry_delete(*, entry: FaqEntry) -> None:
    entry.delete()


@transaction.atomic
def faq_category_save(*, category: FaqCategory, data: dict) -> FaqCategory:
    for field, value in data.items():
        setattr(category, field, value)
    if not category.slug:
        category.slug = _unique_anchor(category, category.name_fr)
    category.full_clean()
    category.save()
    return category
