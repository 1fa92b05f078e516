"""Whom collaboration's emails go to on an organization's side."""

from django.db.models import QuerySet

from members.models import Contact


def people_signing_in(*, organization_id: int) -> QuerySet[Contact]:
    """The organization's people who sign in to the member space and can be written to: a
    login, an address, not erased. They answer an expression of interest or a request for
    an introduction, so they are the ones told of it."""
    return (
        Contact.objects.filter(
            affiliations__organization_id=organization_id,
            user__isnull=False,
            anonymised_at__isnull=True,
        )
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )
