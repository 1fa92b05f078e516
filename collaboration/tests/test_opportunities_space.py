"""The member space: posting, editing and withdrawing one's organization's offers."""

import datetime

import pytest
from django.urls import reverse

from collaboration.models import Opportunity
from collaboration.tests.opportunity_factories import opportunity_make
from members.models import Affiliation
from members.tests.factories import AffiliationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _offer(**changes) -> dict:
    data = {
        "kind": "internship",
        "title": "Stage développeur·se Python — 6 mois",
        "description": "Rejoignez notre équipe.",
        "location": "Toulouse",
        "region": "76",
        "apply_url": "",
        "apply_email": "stages@alpha.test",
        "starts_on": "2027-03-01",
        "expires_on": "2027-01-31",
    }
    data.update(changes)
    return data


@pytest.fixture
def member(client_for, today_is):
    today_is(TODAY)
    return client_for("member_contact")


def test_a_member_posts_an_offer_that_waits_for_moderation(member, personas):
    response = member.post(reverse("collaboration:space_opportunity_create"), _offer())

    assert response.status_code == 302
    item = Opportunity.objects.get()
    assert item.status == Opportunity.Status.PENDING
    assert item.organization == personas.org_a
    assert item.poster == personas.member_contact.contact
    assert item.posted_by == personas.member_contact
    assert item.slug == "stage-developpeurse-python-6-mois"
    assert "python" in item.search_document
    assert not item.is_on_board(TODAY)


def test_an_expiry_in_the_past_is_refused_next_to_the_field(member):
    response = member.post(
        reverse("collaboration:space_opportunity_create"), _offer(expires_on="2026-11-30")
    )

    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_an_offer_without_link_nor_email_is_refused_next_to_the_field(member):
    response = member.post(
        reverse("collaboration:space_opportunity_create"), _offer(apply_email="", apply_url="")
    )

    assert response.status_code == 200
    assert "apply_url" in response.context["form"].errors
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"expires_on": "31/31/2027"},
        {"kind": "funding"},
        {"apply_url": "javascript:alert(1)"},
        {"apply_email": "not-an-address"},
        {"title": ""},
    ],
)
def test_bad_input_comes_back_with_a_message_and_saves_nothing(member, changes):
    response = member.post(reverse("collaboration:space_opportunity_create"), _offer(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_a_contact_of_two_organizations_chooses_for_which_one(member, personas):
    other = OrganizationFactory(name="Gamma")
    AffiliationFactory(
        contact=personas.member_contact.contact, organization=other, access=Affiliation.Access.ADMIN
    )

    member.post(reverse("collaboration:space_opportunity_create"), _offer(organization=other.pk))

    assert Opportunity.objects.get().organization == other


def test_a_contact_cannot_post_for_an_organization_not_theirs(member, personas):
    other = OrganizationFactory(name="Gamma")
    AffiliationFactory(contact=personas.member_contact.contact, organization=other)

    response = member.post(
        reverse("collaboration:space_opportunity_create"),
        _offer(organization=personas.org_b.pk),
    )

    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_editing_a_published_offer_sends_it_back_to_moderation(member, personas):
    item = opportunity_make(organization=personas.org_a, expires_on=TODAY)

    response = member.post(
        reverse("collaboration:space_opportunity_edit", args=[item.pk]),
        _offer(title="Stage Python (mis à jour)", expires_on=TODAY.isoformat()),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Stage Python (mis à jour)"
    assert item.status == Opportunity.Status.PENDING
    assert item.published_at is None
    assert not item.is_on_board(TODAY)


def test_an_offer_kept_with_an_expiry_now_past_can_still_be_edited(member, personas):
    item = opportunity_make(
        organization=personas.org_a, expires_on=TODAY - datetime.timedelta(days=3)
    )

    response = member.post(
        reverse("collaboration:space_opportunity_edit", args=[item.pk]),
        _offer(expires_on=item.expires_on.isoformat()),
    )

    assert response.status_code == 302


def test_a_member_withdraws_an_offer_of_their_organization(member, personas):
    item = opportunity_make(organization=personas.org_a)

    member.post(reverse("collaboration:space_opportunity_withdraw", args=[item.pk]))

    item.refresh_from_db()
    assert item.status == Opportunity.Status.WITHDRAWN
    assert not Opportunity.objects.on_board().exists()


def test_another_organizations_offer_is_404_to_edit_or_withdraw(client_for, personas):
    item = opportunity_make(organization=personas.org_a)
    client = client_for("other_member")

    edit = client.post(reverse("collaboration:space_opportunity_edit", args=[item.pk]), _offer())
    withdraw = client.post(reverse("collaboration:space_opportunity_withdraw", args=[item.pk]))

    assert (edit.status_code, withdraw.status_code) == (404, 404)
    item.refresh_from_db()
    assert item.status == Opportunity.Status.PUBLISHED
    assert item.title != _offer()["title"]


def test_the_list_shows_the_organizations_offers_with_status_and_note(member, personas):
    opportunity_make(organization=personas.org_a, title="Le nôtre")
    opportunity_make(
        organization=personas.org_a,
        title="Refusé",
        status=Opportunity.Status.REJECTED,
        moderation_note="Précisez la rémunération.",
    )
    opportunity_make(organization=personas.org_b, title="Celui des autres")

    page = member.get(reverse("collaboration:space_opportunities")).content.decode()

    assert "Le nôtre" in page and "Refusé" in page
    assert "Précisez la rémunération." in page
    assert "Celui des autres" not in page


@pytest.mark.parametrize("rows", [3, 30])
def test_member_list_query_count_does_not_grow_with_rows(
    member, personas, django_assert_num_queries, rows
):
    for _ in range(rows):
        opportunity_make(organization=personas.org_a)
    # Session, user, is_member_contact (member_required), the organization ids, the
    # organizations, the count, the navigation's member check, the page with organizations.
    with django_assert_num_queries(8):
        response = member.get(reverse("collaboration:space_opportunities"))
    assert response.status_code == 200


def test_two_offers_of_one_title_posted_at_once_get_their_own_slugs(member, monkeypatch):
    from collaboration.services import slugs

    free = slugs.slug_free
    calls = []

    def taken_meanwhile(model, text, **kwargs):
        slug = free(model, text, **kwargs)
        if not calls:
            # Someone else inserts an offer under the slug just found free.
            opportunity_make(slug=slug, title="Stage concurrent")
        calls.append(slug)
        return free(model, text, **kwargs) if len(calls) > 1 else slug

    monkeypatch.setattr(slugs, "slug_free", taken_meanwhile)

    response = member.post(reverse("collaboration:space_opportunity_create"), _offer())

    assert response.status_code == 302
    mine = Opportunity.objects.exclude(title="Stage concurrent").get()
    assert mine.slug == "stage-developpeurse-python-6-mois-2"
    assert Opportunity.objects.filter(slug="stage-developpeurse-python-6-mois").exists()


def test_the_forms_offer_exactly_the_fields_the_services_write():
    from collaboration.forms.opportunities import OpportunityMemberForm, OpportunityStaffForm
    from collaboration.services.opportunities import MEMBER_FIELDS, STAFF_FIELDS

    assert set(OpportunityMemberForm().fields) == set(MEMBER_FIELDS)
    assert set(OpportunityStaffForm().fields) == set(STAFF_FIELDS)
