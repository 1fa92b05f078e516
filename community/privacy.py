"""Personal data held by community (see core.personal_data). Imported by
CommunityConfig.ready().

Applications belong to organizations, messages to working groups, testimonials to the cluster;
what points at a person is who wrote, scored or said them. Erasure keeps the rows (the record
and the figures) and removes the person from them; a published testimonial comes down."""

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------

from django.db.models import Q  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from community.models import SuccessStory, Testimonial, TestimonialConsent  # noqa: E402
from core.personal_data import (  # noqa: E402
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Nothing,
    Person,
    Retention,
    iso,
    register,
)


def _testimonials_of(person: Person):
    condition = person.by_address("email")
    if person.contact is not None:
        condition |= Q(contact=person.contact)
    return Testimonial.objects.filter(condition, anonymised_at__isnull=True)


def _testimonials_export(person: Person) -> list[dict]:
    return [
        {
            "name": testimonial.person_name,
            "role": testimonial.role,
            "company": testimonial.company,
            "email": testimonial.email,
            "quote_fr": testimonial.quote_fr,
            "quote_en": testimonial.quote_en,
            "photo": bool(testimonial.photo),
            "published_at": iso(testimonial.published_at),
            "consents": [
                {
                    "how": consent.method,
                    "given_on": iso(consent.given_on),
                    "text_version": consent.text_version,
                    "withdrawn_at": iso(consent.withdrawn_at),
                    "withdrawn_by": consent.withdrawal_method,
                }
                for consent in testimonial.consents.all()
            ],
        }
        for testimonial in _testimonials_of(person)
        .select_related("organization")
        .prefetch_related("consents")
    ]


def _testimonials_erase(person: Person) -> None:
    from community.services.testimonials import testimonial_anonymise

    for testimonial in _testimonials_of(person):
        testimonial_anonymise(testimonial=testimonial)


register(
    Testimonial,
    key="testimonials",
    purpose=_("Testimonials the cluster publishes with the person's consent"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("Name, role, company, photo, email address, the quote"),
    retention=Retention(
        _(
            "Published while the consent is in force; on erasure the testimonial comes down and "
            "keeps no name"
        )
    ),
    export=_testimonials_export,
    erase=_testimonials_erase,
    processors=(HOSTING, EMAIL_SENDING),
    free_text=("quote_fr", "quote_en"),
    review_url=lambda row: reverse("community:staff_testimonial_edit", args=[row.pk]),
)
register(
    TestimonialConsent,
    purpose=_("Proof of the consent to publish a testimonial, and of its withdrawal"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=_("How and when consent was given and withdrawn, the login that recorded it"),
    retention=Retention(_("As long as the testimonial's record")),
    export=Nothing(_("Exported with the person's testimonials.")),
    erase=Nothing(_("Kept as proof; the testimonial it is for keeps no name.")),
)
register(SuccessStory, **LOGIN_ONLY)
