"""The demo register (members/demo.py): believable organizations, people, dues, groups and
CRM log, and the two demo logins. seed_demo itself is tested in portal/tests."""

from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from members import demo
from members.models import (
    Affiliation,
    Competence,
    Contact,
    Interaction,
    Label,
    Membership,
    MembershipApplication,
    Organization,
    PartnershipAgreement,
    PerceptionAssessment,
    Region,
    Sector,
    Segment,
    WorkingGroup,
    WorkingGroupMember,
)
from members.selectors import organizations as organization_selectors
from members.services.memberships import (
    fee_band_amount,
    membership_first_period,
    membership_period_containing,
)
from members.validators import validate_siren

PASSWORD = "demo-cluster-2026"
OCCITANIE_DEPARTMENTS = set("09 11 12 30 31 32 34 46 48 65 66 81 82".split())


def register(orgs: int, *, seed: int = 2026) -> demo.RegisterDemo:
    return demo.register_seed(
        organization_count=orgs, seed=seed, password=PASSWORD, today=timezone.localdate()
    )


def test_siren_check_accepts_a_real_siren_and_rejects_a_typo():
    # 552 100 554 is a registered company's SIREN; changing one digit breaks the check.
    validate_siren("552100554")
    with pytest.raises(ValidationError):
        validate_siren("552100555")


def test_organizations_are_mostly_members_with_one_to_four_contacts(db):
    register(120)

    assert Organization.objects.count() == 120
    members = Organization.objects.members().count()
    assert 0.55 * 120 <= members <= 0.85 * 120
    assert (
        Organization.objects.exclude(kind__in=["company", "startup"])
        .filter(lifecycle="partner")
        .exists()
    )
    counts = Organization.objects.annotate(contact_count=Count("affiliations")).values_list(
        "contact_count", flat=True
    )
    assert set(counts) <= {1, 2, 3, 4}
    # Each member organization has exactly one admin; others have none.
    admins = Affiliation.objects.filter(access=Affiliation.Access.ADMIN)
    assert admins.count() == members
    assert not admins.exclude(organization__lifecycle="member").exists()
    postal_codes = Organization.objects.values_list("postal_code", flat=True)
    assert {code[:2] for code in postal_codes} <= OCCITANIE_DEPARTMENTS


def test_member_organizations_are_in_the_directory_and_searchable(db):
    register(30)

    listed = Organization.objects.members().filter(directory_consent_at__isnull=False)
    assert listed.count() >= 10
    assert not Organization.objects.filter(search_document="").exists()
    assert set(Organization.objects.values_list("region", flat=True)) == {Region.OCCITANIE}


def test_every_siren_has_nine_digits_passes_luhn_and_is_unique(db):
    register(300)

    sirens = list(Organization.objects.values_list("siren", flat=True))
    assert all(len(siren) == 9 and siren.isdigit() for siren in sirens)
    for siren in sirens:
        validate_siren(siren)  # raises on a wrong Luhn key
    assert len(set(sirens)) == len(sirens)


def test_member_login_is_the_admin_of_a_member_organization_beside_a_plain_contact(db):
    register(10)

    member = get_user_model().objects.get(email="member@demo.local")
    affiliation = Affiliation.objects.get(contact__user=member)
    assert affiliation.access == Affiliation.Access.ADMIN
    assert affiliation.organization.lifecycle == Organization.Lifecycle.MEMBER
    assert member.contact.email == "member@demo.local"
    colleagues = affiliation.organization.affiliations.exclude(pk=affiliation.pk)
    assert colleagues.filter(access=Affiliation.Access.CONTACT).exists()


@pytest.mark.parametrize("email", ["staff@demo.local", "member@demo.local"])
def test_demo_logins_get_through_the_allauth_login_form(client, db, email):
    register(5)

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == get_user_model().objects.get(email=email).pk


def test_organization_names_are_unique(db):
    register(1000)
    names = [name.casefold() for name in Organization.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names)) == 1000


def test_sectors_competences_and_labels_fill_the_directory_filters(client, db):
    register(200)
    for model in (Sector, Competence, Label):
        assert model.objects.count() >= 8
        assert all(term.name_fr and term.name_en for term in model.objects.all())
    organizations = Organization.objects.all()
    assert not organizations.filter(sectors=None).exists()
    businesses = organizations.filter(kind__in=["company", "startup"])
    assert not businesses.filter(competences=None).exists()
    labelled = businesses.exclude(labels=None).distinct().count()
    assert 0.15 * businesses.count() < labelled < 0.6 * businesses.count()
    # Every term is used by some member, so no filter of the directory comes up empty.
    members = Organization.objects.members()
    for model, field in ((Sector, "sectors"), (Competence, "competences")):
        used = set(members.values_list(f"{field}__slug", flat=True))
        assert used >= set(model.objects.values_list("slug", flat=True))
    # The directory offers them and finds members through them.
    sector = Sector.objects.order_by("slug").first()
    page = client.get("/fr/members/").content.decode()
    assert f'value="{sector.slug}"' in page
    filtered = client.get(f"/fr/members/?sector={sector.slug}").content.decode()
    listed = members.filter(sectors=sector, directory_consent_at__isnull=False).first()
    if listed is not None:
        assert listed.name in filtered or listed.slug in filtered
    # The search document holds the terms: searching a competence finds its members.
    competence = Competence.objects.get(slug="cybersecurite")
    assert client.get("/fr/members/?q=cybersecurite").status_code == 200
    assert members.filter(competences=competence).exists()


def test_about_three_contacts_per_organization(db):
    register(300)

    assert 2.7 * 300 <= Contact.objects.count() <= 3.3 * 300


def test_memberships_follow_the_lifecycle_of_their_organization(db):
    register(300)
    today = timezone.localdate()
    current_start, current_end = membership_period_containing(day=today)

    Status = Membership.Status
    assert not Membership.objects.filter(status=Status.ACTIVE).exclude(
        organization__lifecycle="member"
    )
    assert not Membership.objects.filter(status__in=[Status.APPROVED, Status.ACTIVE]).exclude(
        organization__lifecycle="member"
    )
    # Every member has this period's membership, active and paid or approved and billed
    # (a first one starts in the month the organization joined).
    members = Organization.objects.members()
    this_period = Membership.objects.filter(period_end=current_end, period_start__lte=today)
    assert set(
        this_period.filter(status__in=[Status.ACTIVE, Status.APPROVED]).values_list(
            "organization", flat=True
        )
    ) == set(members.values_list("pk", flat=True))
    # Former members' memberships all ended before this period.
    assert not Membership.objects.filter(
        organization__lifecycle="former_member", period_end__gte=current_start
    )
    # Earlier years are kept, expired.
    assert Membership.objects.filter(status=Status.EXPIRED, period_end__lt=current_start).exists()


def test_dues_have_categories_invoices_payments_and_some_late(db):
    register(300)
    today = timezone.localdate()

    billed = Membership.objects.filter(status__in=["approved", "active", "expired", "resigned"])
    assert not billed.filter(category__isnull=True)
    assert not billed.filter(dues_amount__isnull=True)
    assert not billed.filter(dues_amount__lte=0)
    invoices = list(billed.exclude(invoice_number="").values_list("invoice_number", flat=True))
    assert len(invoices) == len(set(invoices)) > 200
    for membership in Membership.objects.exclude(paid_on=None):
        assert membership.invoiced_on <= membership.paid_on <= today
        assert membership.payment_method
        assert membership.invoice_number.startswith(f"{membership.invoiced_on.year}-")
    assert not Membership.objects.filter(paid_on=None).exclude(payment_method="")
    # Paid, late and not yet invoiced dues this year: the dues page has something to show.
    unpaid = Membership.objects.unpaid()
    assert unpaid.filter(invoiced_on__isnull=False).exists()
    assert Membership.objects.current().filter(paid_on__isnull=False).count() > unpaid.count()


def test_applications_are_pending_for_applicants_and_decided_for_recent_members(db):
    register(300)

    pending = MembershipApplication.objects.filter(status="pending")
    applicants = Organization.objects.filter(lifecycle="applicant")
    assert applicants.exists()
    assert set(pending.values_list("organization", flat=True)) == set(
        applicants.values_list("pk", flat=True)
    )
    assert not pending.exclude(membership__status="applied")
    assert not pending.exclude(reviewed_by=None)
    approved = MembershipApplication.objects.filter(status="approved")
    assert approved.exists()
    assert not approved.exclude(organization__lifecycle="member")
    assert not MembershipApplication.objects.filter(status="rejected").exclude(
        membership__status="rejected"
    )
    for application in MembershipApplication.objects.exclude(status="pending"):
        assert application.reviewed_by.is_staff
        assert application.submitted_at <= application.reviewed_at
        assert application.decision_message
    # The person who applied works for the organization.
    for application in MembershipApplication.objects.all():
        assert application.contact.affiliations.filter(
            organization=application.organization
        ).exists()


@pytest.mark.parametrize("early_start_months", [0, 3])
def test_first_memberships_follow_the_first_period_rule(db, settings, early_start_months):
    settings.MEMBERSHIP_EARLY_START_MONTHS = early_start_months
    register(200)

    approved = MembershipApplication.objects.filter(status="approved").select_related(
        "membership__category", "organization"
    )
    checked = 0
    for application in approved:
        membership = application.membership
        joined_on = timezone.localtime(application.reviewed_at).date()
        yearly = fee_band_amount(
            category=membership.category, headcount_band=application.organization.headcount_band
        )
        first = membership_first_period(joined_on=joined_on, yearly_amount=yearly)
        assert (membership.period_start, membership.period_end) == (first.start, first.end)
        if yearly is not None:
            assert membership.dues_amount == first.amount
            checked += 1
    assert checked > 5
    # Mid-year joiners are prorated: not every first membership costs a full year.
    assert (
        any(application.membership.months_covered() < 12 for application in approved)
        or early_start_months
    )
    # An early start covers the next year too: no organization has two memberships at once.
    for organization in Organization.objects.members():
        periods = sorted(organization.memberships.values_list("period_start", "period_end"))
        assert all(end < start for (_, end), (start, _) in pairwise(periods))


def test_member_login_pays_its_dues_and_belongs_to_a_working_group(db):
    register(10)

    member = Contact.objects.get(email="member@demo.local")
    organization = member.affiliations.get().organization
    current = Membership.objects.current().get(organization=organization)
    assert current.is_paid() and current.invoice_number
    assert organization.memberships.count() >= 3
    assert WorkingGroupMember.objects.filter(
        contact=member, status="accepted", group__status="active"
    ).exists()


def test_working_groups_have_leads_members_and_requests_from_member_organizations(db):
    register(300)

    groups = WorkingGroup.objects.all()
    assert groups.filter(status="active").count() >= 4
    for group in groups:
        accepted = group.members.filter(status="accepted")
        assert accepted.filter(role="lead").count() == 2
        assert not group.members.filter(role="lead").exclude(status="accepted")
        if group.status == "active":
            assert group.members.filter(status="requested", decided_at=None).exists()
    assert not WorkingGroupMember.objects.exclude(
        contact__affiliations__organization__lifecycle="member"
    )


def test_staff_login_is_in_charge_of_organizations_with_follow_ups_due(db):
    register(120)

    staff = get_user_model().objects.get(email="staff@demo.local")
    assert Organization.objects.filter(animator=staff).count() >= 10
    shown, total = organization_selectors.follow_ups_due(user=staff)
    assert total >= len(shown) >= 5
    # By date, the overdue first; the staff login has follow-ups of its own among them.
    assert [i.follow_up_on for i in shown] == sorted(i.follow_up_on for i in shown)
    mine_due = organization_selectors.follow_ups_open(user=staff).filter(
        follow_up_on__lte=timezone.localdate()
    )
    assert mine_due.count() >= 5
    assert all(
        staff in (interaction.author, interaction.organization.animator) for interaction in mine_due
    )
    # Interactions name people of the organization they are about.
    for interaction in Interaction.objects.prefetch_related("contacts__affiliations"):
        for contact in interaction.contacts.all():
            organizations = {a.organization_id for a in contact.affiliations.all()}
            assert interaction.organization_id in organizations
        assert interaction.author.is_staff
        assert interaction.happened_on <= timezone.localdate()


def test_segment_of_each_organization_is_its_latest_perception(db):
    register(120)

    assessed = 0
    for organization in Organization.objects.prefetch_related("perceptions"):
        history = list(organization.perceptions.all())
        if not history:
            assert organization.segment == Segment.NO_OPINION
            continue
        assessed += 1
        assert organization.segment == history[0].segment
        for reading in history:
            assert reading.segment == Segment.from_perception(
                credible=reading.credible, interesting=reading.interesting
            )
    assert 30 <= assessed <= 100
    assert PerceptionAssessment.objects.count() > assessed


def test_partners_and_only_partners_have_agreements(db):
    register(300)

    partners = Organization.objects.filter(lifecycle="partner")
    assert partners.exists()
    agreements = PartnershipAgreement.objects.all()
    assert set(agreements.values_list("organization", flat=True)) == set(
        partners.values_list("pk", flat=True)
    )
    for agreement in agreements:
        assert agreement.ends_on is None or agreement.starts_on < agreement.ends_on
        assert agreement.description_fr and agreement.description_en
