"""Staff's record of a person: creating a contact (with their place in an organization)
and editing what the register says about them. Logins, invitations and erasure have their
own services (members.services.invitations, members.privacy)."""

from django.db import transaction

from members.models import Affiliation, Contact, Organization

# The plain fields staff edit on a contact.
CONTACT_FIELDS = ("first_name", "last_name", "email", "job_title", "phone", "preferred_language")


class ContactErased(Exception):
    """An erased contact keeps no name or address: it cannot be edited back to life."""


@transaction.atomic
def contact_create(
    *, values: dict, organization: Organization | None = None, position: str = ""
) -> Contact:
    """A new contact from `values` (CONTACT_FIELDS), affiliated to `organization` with
    `position` when one is given, as a plain contact of its member space."""
    contact = Contact(**{field: values[field] for field in CONTACT_FIELDS if field in values})
    contact.email = contact.email.strip().lower()
    contact.full_clean(exclude=["user"])
    contact.save()
    if organization is not None:
        Affiliation.objects.create(
            contact=contact,
            organization=organization,
            position=position or Affiliation.Position.EMPLOYEE,
        )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, values: dict) -> Contact:
    """Save the CONTACT_FIELDS of `values` given; the others stay as they are."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.anonymised_at is not None:
        raise ContactErased(contact.pk)
    for field in CONTACT_FIELDS:
        if field in values:
            setattr(contact, field, values[field])
    contact.email = contact.email.strip().lower()
    contact.full_clean(exclude=["user"])
    contact.save()
    return contact
