"""Rows of testimonials and success stories for the tests, made through the services."""

import datetime

from community.models import SuccessStory, Testimonial, TestimonialConsent
from community.services import testimonials as services


def make_testimonial(*, organization=None, consent=True, published=False, user=None, **fields):
    """A testimonial; with `consent`, a consent in force; with `published`, online (no email
    is sent: callers that want it run the on-commit callbacks themselves)."""
    data = {
        "quote_fr": "Le cluster nous a ouvert les portes de nos premiers clients.",
        "person_name": "Camille Dufresne",
        "role": "Fondatrice",
        "organization": organization,
        "company_name": "" if organization else "Société extérieure",
        "language": "fr",
        **fields,
    }
    testimonial = Testimonial(**{k: v for k, v in data.items() if k not in ("contact",)})
    testimonial.contact = fields.get("contact")
    testimonial.save()
    if consent:
        services.testimonial_consent_record(
            testimonial=testimonial,
            method=TestimonialConsent.Method.SIGNED_FORM,
            given_on=datetime.date(2026, 11, 2),
            text_version="Citation du 02/11/2026, signée",
            user=user,
        )
    if published:
        services.testimonial_publish(testimonial=testimonial)
        testimonial.refresh_from_db()
    return testimonial


def make_story(*, organizations=(), published=True, slug="", **fields):
    data = {
        "kind": SuccessStory.Kind.PARTNERSHIP,
        "title_fr": "Un jumeau numérique pour l'usine de Vierzon",
        "body_fr": "Deux adhérents ont **uni leurs forces** grâce au groupe industrie.",
        **fields,
    }
    story = services.story_save(
        story=SuccessStory(slug=slug), data=data, organizations=organizations
    )
    if published:
        story = services.story_publish(story=story, published=True)
    return story


def personal_data_traces(*, contact, email: str) -> None:
    """The person's published testimonial, for the walks over every personal-data
    declaration (portal/tests/test_personal_data_declarations.py)."""
    make_testimonial(
        person_name=f"{contact.first_name} {contact.last_name}",
        email=email,
        contact=contact,
        company_name="Alpha",
        published=True,
    )
