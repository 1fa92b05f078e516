"""The demo awards: last year's edition announced with its winners and past ceremony, this
year's open with six applications, three jurors (one outsider, one in conflict) and partial
scores that the rules of the jury would allow."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from community import permissions
from community.demo.awards import flush, seed
from community.models import AwardApplication, Edition, Juror, JuryScore
from community.selectors import awards as selectors
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


def _seed(seed_number: int, *, organizations_count: int = 10):
    organizations = [
        OrganizationFactory(name=f"Membre {number}") for number in range(organizations_count)
    ]
    people = []
    for organization in organizations:
        user = member_user(organization, Affiliation.Access.ADMIN)
        people.append((user.contact, user.contact.affiliations.get()))
    counts = seed(
        rng=random.Random(seed_number),
        organizations=organizations,
        people=people,
        staff_user=UserFactory(is_staff=True),
        events=[],
        today=timezone.localdate(),
    )
    return organizations, people, counts


def test_the_demo_has_an_announced_past_edition_and_an_open_one(client):
    organizations, people, counts = _seed(1)
    assert counts == {"award_editions": 2, "award_applications": 12, "award_jurors": 6}
    today = timezone.localdate()
    past = Edition.objects.get(slug=f"trophees-innovation-{today.year - 1}")
    current = Edition.objects.get(slug=f"trophees-innovation-{today.year}")
    assert past.is_announced and past.ceremony.starts_at < timezone.now()
    assert current.is_open() and current.ceremony.starts_at > timezone.now()
    assert len(selectors.edition_winners(past)) == 4  # three winners and a mention
    assert current.applications.values("category").distinct().count() == 3
    # The member login's organization has applied this year.
    assert current.applications.filter(organization=organizations[0]).exists()

    page = client.get(reverse("community:award_detail", args=[past.slug])).content.decode()
    assert "Lauréat" in page


def test_the_demo_jury_scores_only_what_it_may_see():
    _seed(2)
    current = Edition.objects.get(announced_at__isnull=True)
    jurors = list(current.jurors.all())
    assert len(jurors) == 3
    assert sum(1 for juror in jurors if juror.contact_id is None) == 1
    assert sum(1 for juror in jurors if juror.conflicts.exists()) == 1
    for juror in Juror.objects.all():
        visible = set(permissions.applications_visible_to_juror(juror).values_list("pk", flat=True))
        scored = set(juror.scores.values_list("application_id", flat=True))
        assert scored <= visible
    # Partial: not every visible application is scored yet.
    assert JuryScore.objects.filter(application__edition=current).values(
        "application", "juror"
    ).distinct().count() < sum(
        permissions.applications_visible_to_juror(juror).count() for juror in jurors
    )


def test_a_small_cluster_is_seeded_too_and_flush_empties_it():
    _seed(3, organizations_count=3)
    assert Edition.objects.count() == 2
    flush()
    assert not AwardApplication.objects.exists() and not Edition.objects.exists()
