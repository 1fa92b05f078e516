"""Reads of the FAQ: the public page, the staff list, and the anchors in use."""

from django.db.models import Model, QuerySet

from communications.models import FaqCategory, FaqEntry


def faq_published(*, query: str = "") -> list[tuple[FaqCategory, list[FaqEntry]]]:
    """The published entries matching the search, grouped under their categories."""
    # One query: published entries matching the search, with their categories.
    entries = FaqEntry.objects.published().search(query).select_related("category")
    categories: dict[FaqCategory, list[FaqEntry]] = {}
    for entry in entries:
        categories.setdefault(entry.category, []).append(entry)
    return list(categories.items())


def faq_staff_list() -> QuerySet[FaqCategory]:
    """Every category with all its entries, published or not."""
    return FaqCategory.objects.prefetch_related("entries")


def faq_anchor_taken(*, slug: str, instance: Model) -> bool:
    """Categories and entries share one page, so their anchors must differ across both."""
    return any(
        model.objects.filter(slug=slug)
        .exclude(pk=instance.pk if type(instance) is model else None)
        .exists()
        for model in (FaqCategory, FaqEntry)
    )
