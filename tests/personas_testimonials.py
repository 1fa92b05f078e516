"""The persona matrix of the testimonials and success stories pages
(tests/test_urls_personas.py): name → (HTTP method, key of `url_kwargs`, expected status per
persona)."""

import datetime

from tests.url_expectations import LOGIN, MEMBERS_ONLY, PUBLIC, STAFF_ONLY  # noqa: F401

STAFF_POSTS = {**STAFF_ONLY, "staff": 302}

EXPECTED = {
    "community:story_list": ("get", None, PUBLIC),
    "community:story_detail": ("get", "story_slug", PUBLIC),
    # Anyone holding the link of the email may withdraw: the link is the credential.
    "community:testimonial_withdraw": ("get", "testimonial_token", PUBLIC),
    "community:space_testimonials": ("get", None, MEMBERS_ONLY),
    # Org A's plain contact's own testimonial: nobody else learns it exists.
    "community:space_testimonial_withdraw": (
        "post",
        "testimonial_pk",
        {
            "staff": 403,
            "member_admin": 404,
            "member_contact": 302,
            "other_member": 404,
            "anonymous": LOGIN,
        },
    ),
    "community:staff_testimonials": ("get", None, STAFF_ONLY),
    "community:staff_testimonial_create": ("get", None, STAFF_ONLY),
    "community:staff_testimonial_edit": ("get", "testimonial_pk", STAFF_ONLY),
    "community:staff_testimonial_consent": ("get", "testimonial_pk", STAFF_ONLY),
    "community:staff_testimonial_publish": ("post", "testimonial_pk", STAFF_POSTS),
    "community:staff_testimonial_unpublish": ("post", "testimonial_pk", STAFF_POSTS),
    "community:staff_testimonial_withdraw": ("get", "testimonial_pk", STAFF_ONLY),
    "community:staff_stories": ("get", None, STAFF_ONLY),
    "community:staff_story_create": ("get", None, STAFF_ONLY),
    "community:staff_story_edit": ("get", "story_pk", STAFF_ONLY),
    "community:staff_story_publish": ("post", "story_pk", STAFF_POSTS),
}


def _testimonial(personas):
    from community.models import Testimonial, TestimonialConsent
    from community.services import testimonials as services

    testimonial = Testimonial.objects.filter(person_name="Témoin Persona").first()
    if testimonial is None:
        contact = personas.member_contact.contact
        testimonial = Testimonial.objects.create(
            quote_fr="Le cluster nous a ouvert des portes.",
            person_name="Témoin Persona",
            organization=personas.org_a,
            contact=contact,
            email=contact.email,
        )
        services.testimonial_consent_record(
            testimonial=testimonial,
            method=TestimonialConsent.Method.SIGNED_FORM,
            given_on=datetime.date(2026, 11, 2),
            text_version="v1",
            user=personas.staff,
        )
    return testimonial


def _token(personas):
    from django.utils import timezone

    from community.services.testimonials import WITHDRAWAL_LINK_PURPOSE
    from core.links import link_issue

    return link_issue(
        target=_testimonial(personas),
        purpose=WITHDRAWAL_LINK_PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )


def _story(personas):
    from community.models import SuccessStory
    from community.services import testimonials as services

    story = SuccessStory.objects.filter(slug="histoire-persona").first()
    if story is None:
        story = services.story_save(
            story=SuccessStory(slug="histoire-persona"),
            data={"kind": "project", "title_fr": "Histoire persona", "body_fr": "Un projet."},
            organizations=[personas.org_a],
        )
        services.story_publish(story=story, published=True)
    return story


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it."""
    return {
        "story_slug": lambda: {"slug": _story(personas).slug},
        "story_pk": lambda: {"pk": _story(personas).pk},
        "testimonial_pk": lambda: {"pk": _testimonial(personas).pk},
        "testimonial_token": lambda: {"token": _token(personas)},
    }
