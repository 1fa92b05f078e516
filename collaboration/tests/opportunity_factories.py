"""Opportunities for the tests of the board: rows written directly, in any state."""

import datetime
import itertools

from django.utils import timezone

from collaboration.models import Opportunity
from collaboration.services.opportunities import search_document_of

_numbers = itertools.count(1)


def opportunity_make(**fields) -> Opportunity:
    """A published internship of its own organization-less kind unless told otherwise,
    expiring in a month."""
    number = next(_numbers)
    values = {
        "kind": Opportunity.Kind.INTERNSHIP,
        "slug": f"offre-{number}",
        "title": f"Offre {number}",
        "description": "Une mission **passionnante**.",
        "apply_email": "rh@example.org",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30),
        "status": Opportunity.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    values.update(fields)
    values.setdefault("first_published_at", values["published_at"])
    opportunity = Opportunity(**values)
    opportunity.search_document = search_document_of(opportunity)
    opportunity.save()
    return opportunity
