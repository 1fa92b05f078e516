"""The demo calls: what a newcomer finds in the member space and the back-office."""

import datetime
import random

import pytest
from django.utils import timezone

from collaboration.demo.calls import calls_seed
from collaboration.models import Call, Participation, Project, Score
from collaboration.selectors import calls as selectors
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


def _seed(seed: int):
    organizations = [OrganizationFactory(name=f"Membre {number}") for number in range(8)]
    people = []
    for organization in organizations:
        user = member_user(organization, Affiliation.Access.ADMIN)
        people.append((user.contact, user.contact.affiliations.get()))
    staff = UserFactory(is_staff=True)
    counts = calls_seed(
        rng=random.Random(seed),
        organizations=organizations,
        people=people,
        staff_user=staff,
        today=timezone.localdate(),
    )
    return organizations, staff, counts


def test_the_demo_has_an_open_call_a_past_one_and_projects_at_five_stages():
    organizations, staff, counts = _seed(1)
    assert counts["calls"] == 2 and counts["projects"] == 5
    open_call = Call.objects.get(slug__contains="2027")
    assert open_call.is_open() and 3 <= open_call.criteria.count() <= 4
    assert not Call.objects.get(slug__contains="2026").is_open()
    assert set(Project.objects.values_list("stage", flat=True)) == {
        "idea",
        "forming",
        "submitted",
        "labelled",
        "running",
    }
    # Scores by the staff login on the submitted and labelled projects only.
    assert set(Score.objects.values_list("project__stage", flat=True)) == {"submitted", "labelled"}
    assert set(Score.objects.values_list("scorer", flat=True)) == {staff.pk}
    assert selectors.success_stories().count() == 1


def test_the_member_login_leads_a_project_with_an_interest_waiting():
    organizations, _staff, _counts = _seed(2)
    project = Project.objects.get(lead=organizations[0])
    assert project.call.is_open()
    statuses = set(project.participations.values_list("status", flat=True))
    assert {Participation.Status.PENDING, Participation.Status.DECLINED} <= statuses


def test_the_same_seed_gives_the_same_consortia():
    def consortia():
        return sorted(
            (p.project.title, p.organization.name, p.status)
            for p in Participation.objects.select_related("project", "organization")
        )

    _seed(7)
    first = consortia()
    Participation.objects.all().delete()
    Score.objects.all().delete()
    Project.objects.all().delete()
    Call.objects.all().delete()
    _seed(7)
    # Organizations are new rows with the same names: the draw picks the same places.
    assert consortia() == first
    assert Call.objects.get(slug__contains="2026").deadline < timezone.now() - datetime.timedelta(
        days=200
    )
