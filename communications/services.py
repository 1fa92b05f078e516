from django.db import transaction

from communications.models import FaqCategory, FaqEntry


@transaction.atomic
def faq_entry_save(*, entry: FaqEntry, data: dict) -> FaqEntry:
    for field, value in data.items():
        setattr(entry, field, value)
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
    category.full_clean()
    category.save()
    return category
