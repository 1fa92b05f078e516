"""The demo's needs, offers and introductions."""

import random

from django.utils import timezone

from collaboration.demo.introductions import introductions_seed
from collaboration.models import DigestSubscription, Introduction, Post
from collaboration.tests.introductions_factories import contact_of, member_org
from core.tests.factories import UserFactory
from members.models import Affiliation, Interaction


def _register():
    organizations = [member_org(f"Membre {index}") for index in range(12)]
    for organization in organizations:
        contact_of(organization)
    people = [
        (affiliation.contact, affiliation)
        for affiliation in Affiliation.objects.select_related("contact").order_by("pk")
    ]
    return organizations, people


def _seed(organizations, people, staff):
    return introductions_seed(
        rng=random.Random("demo"),
        organizations=organizations,
        people=people,
        staff_user=staff,
        today=timezone.localdate(),
    )


def test_demo_has_posts_and_introductions_in_every_state_around_the_member_login(db):
    organizations, people = _register()
    staff = UserFactory(is_staff=True)
    counts = _seed(organizations, people, staff)

    home = organizations[0]
    assert counts["needs and offers"] == Post.objects.count() == 10
    assert Post.objects.filter(organization=home, kind="need").exists()
    statuses = set(Introduction.objects.values_list("status", flat=True))
    assert statuses == {"pending", "accepted", "declined", "withdrawn"}
    assert Introduction.objects.filter(made_by=staff, status="accepted").exists()
    assert Introduction.objects.filter(target=home, status="pending").exists()
    assert Introduction.objects.filter(requester=home, status="accepted").exists()
    # Every accepted introduction is in both organizations' history.
    for introduction in Introduction.objects.filter(status="accepted"):
        logged = Interaction.objects.filter(kind="intro").values_list("organization", flat=True)
        assert {introduction.requester_id, introduction.target_id} <= set(logged)
    assert DigestSubscription.objects.exists()
