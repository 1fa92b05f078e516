"""Actions hard to undo are asked twice, without a script: the form that posts them sits
inside a <details> whose question says what will happen (templates/components/
confirm_action.html)."""

import datetime
import re

import pytest
from django.utils import timezone

from collaboration.models import Call, Introduction, Opportunity, Participation, Project
from collaboration.tests.introductions_factories import member_org

pytestmark = pytest.mark.django_db


def _asked_twice(html: str, action: str, marker: str = "") -> str:
    """The question in front of the form posting to `action`; fails when the form is not
    inside a confirmation, or when the same action (`marker` when the URL takes other
    actions too) can be posted outside it."""
    forms = [
        match
        for match in re.finditer(r'<details class="confirm-action">(.*?)</details>', html, re.S)
        if f'action="{action}"' in match.group(1)
    ]
    assert forms, f"no confirmation around {action}"
    outside = html.replace(forms[0].group(0), "")
    marker = marker or f'action="{action}"'
    assert marker not in outside, f"{action} can also be posted at once"
    return re.search(r"<p>(.*?)</p>", forms[0].group(1), re.S).group(1)


def test_staff_confirm_unpublishing_a_call(client_for):
    call = Call.objects.create(
        slug="appel",
        title_fr="Appel",
        deadline=timezone.now() + datetime.timedelta(days=9),
        is_published=True,
        published_at=timezone.now(),
    )
    html = client_for("staff").get("/fr/staff/collaboration/calls/").content.decode()

    question = _asked_twice(html, f"/fr/staff/collaboration/calls/{call.pk}/publish/")
    assert "quitte le site public" in question


def test_the_lead_confirms_declining_an_interest(client_for, personas):
    call = Call.objects.create(
        slug="appel",
        title_fr="Appel",
        deadline=timezone.now() + datetime.timedelta(days=9),
        is_published=True,
        published_at=timezone.now(),
    )
    project = Project.objects.create(
        call=call, slug="projet", title="Projet", summary="…", lead=personas.org_a
    )
    interest = Participation.objects.create(
        project=project, organization=personas.org_b, contribution="Des capteurs"
    )
    html = client_for("member_admin").get(f"/fr/space/projects/{project.slug}/").content.decode()

    question = _asked_twice(
        html, f"/fr/space/projects/interests/{interest.pk}/decide/", 'value="decline"'
    )
    assert "ne rejoint pas le consortium" in question


def test_members_confirm_declining_or_withdrawing_an_introduction(client_for, personas):
    other = member_org("Gamma")
    received = Introduction.objects.create(requester=other, target=personas.org_a)
    sent = Introduction.objects.create(requester=personas.org_a, target=member_org("Delta"))
    client = client_for("member_contact")

    html = client.get(f"/fr/space/introductions/{received.pk}/").content.decode()
    assert "180 jours" in _asked_twice(html, f"/fr/space/introductions/{received.pk}/decline/")
    html = client.get(f"/fr/space/introductions/{sent.pk}/").content.decode()
    assert "ne la verra plus" in _asked_twice(html, f"/fr/space/introductions/{sent.pk}/withdraw/")


def test_members_confirm_withdrawing_an_offer(client_for, personas):
    offer = Opportunity.objects.create(
        kind="internship",
        slug="stage",
        title="Stage",
        description="Six mois.",
        organization=personas.org_a,
        apply_url="https://example.org/",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        status="published",
        published_at=timezone.now(),
    )
    html = client_for("member_admin").get("/fr/space/opportunities/").content.decode()

    question = _asked_twice(html, f"/fr/space/opportunities/{offer.pk}/withdraw/")
    assert "modération" in question
