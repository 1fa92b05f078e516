"""The demo testimonials and stories: what a visitor and the member login find."""

import random

import pytest
from django.utils import timezone
from django.utils.html import escape

from collaboration.demo.calls import calls_seed
from community.demo import testimonials as demo
from community.models import SuccessStory, Testimonial
from members.models import Affiliation, Organization
from members.tests.factories import OrganizationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


def _seed():
    kinds = [
        Organization.Kind.STARTUP,
        Organization.Kind.COMPANY,
        Organization.Kind.RESEARCH_LAB,
        *[Organization.Kind.COMPANY] * 5,
    ]
    organizations = [
        OrganizationFactory(name=f"Membre {number}", kind=kind, directory_consent_at=timezone.now())
        for number, kind in enumerate(kinds)
    ]
    people = []
    for organization in organizations:
        user = member_user(organization, Affiliation.Access.ADMIN)
        people.append((user.contact, user.contact.affiliations.get()))
    staff = UserFactory(is_staff=True)
    context = {
        "organizations": organizations,
        "people": people,
        "staff_user": staff,
        "today": timezone.localdate(),
    }
    calls_seed(rng=random.Random(3), **context)
    counts = demo.seed(rng=random.Random(3), events=[], **context)
    return organizations, people, counts


def test_the_demo_has_three_testimonials_online_one_withdrawn_and_linked_stories(client):
    organizations, people, counts = _seed()
    assert counts == {"testimonials": 4, "success_stories": 3}
    online = Testimonial.objects.published()
    assert online.count() == 3
    assert all(t.consents.filter(withdrawn_at__isnull=True).exists() for t in online)
    # The member login's own testimonial, for its space.
    assert online.filter(contact=people[0][0]).exists()
    # Each was recorded before its consent was given and before it went online.
    for testimonial in online:
        assert testimonial.created_at < testimonial.published_at
        assert testimonial.created_at.date() <= testimonial.consents.get().given_on
    [withdrawn] = Testimonial.objects.filter(published_at__isnull=True)
    assert withdrawn.created_at.date() <= withdrawn.consents.get().given_on
    assert withdrawn.consents.get().withdrawal_method == "personal_link"

    stories = SuccessStory.objects.published()
    assert stories.count() == 3
    assert all(story.organizations.exists() for story in stories)
    assert stories.filter(project__isnull=False).exists()

    home = client.get("/fr/").content.decode()
    assert sum(escape(t.quote_fr[:40]) in home for t in online) == 3
    assert escape(withdrawn.quote_fr) not in home
    demo.flush()
    assert not Testimonial.objects.exists() and not SuccessStory.objects.exists()


@pytest.mark.parametrize(
    ("first_name", "role"),
    [("Maurice", "Fondateur et président"), ("Élodie", "Fondatrice et présidente")],
)
def test_a_demo_title_agrees_with_the_person(first_name, role):
    organizations, people, _ = _seed()
    contact = people[0][0]
    demo.flush()
    contact.first_name = first_name
    contact.save(update_fields=["first_name"])

    demo.seed(
        rng=random.Random(3),
        events=[],
        organizations=organizations,
        people=people,
        staff_user=None,
        today=timezone.localdate(),
    )

    assert Testimonial.objects.get(contact=contact).role == role
