import io
import re
from datetime import timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from communications.models import FaqEntry, Subscriber
from communications.selectors.subscriptions import NewsletterConsent
from core import demo_data
from core.search import search_normalise
from core.tests.factories import UserFactory
from events.models import Event, Registration
from members.models import (
    Affiliation,
    Competence,
    Contact,
    FeeBand,
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
    WorkingGroupDocument,
    WorkingGroupMember,
)
from members.services import consents, crm
from members.services.memberships import (
    fee_band_amount,
    membership_first_period,
    membership_period_containing,
)
from members.tests.factories import OrganizationFactory
from portal.services import personal_data
from portal.services.space import NEW_DOCUMENTS_DAYS

PASSWORD = "demo-cluster-2026"
OCCITANIE_DEPARTMENTS = set("09 11 12 30 31 32 34 46 48 65 66 81 82".split())
FAQ_CATEGORIES = ["mission", "domaines-d-action", "adhesion", "labellisation", "contacts"]


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # pytest-django runs tests with DEBUG off, and seed_demo refuses to run then.
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def passes_luhn(number: str) -> bool:
    digits = [int(char) for char in reversed(number)]
    doubled = [sum(divmod(2 * digit, 10)) for digit in digits[1::2]]
    return (sum(digits[0::2]) + sum(doubled)) % 10 == 0


def snapshot() -> tuple[list, list, list]:
    organizations = list(Organization.objects.order_by("slug").values_list("name", "slug"))
    emails = sorted(Contact.objects.values_list("email", flat=True))
    dues = sorted(
        Membership.objects.values_list(
            "organization__slug", "period_start", "status", "invoice_number", "paid_on"
        )
    )
    return organizations, emails, dues


def test_luhn_helper_accepts_a_real_siren_and_rejects_a_typo():
    # 552 100 554 is a registered company's SIREN; changing one digit breaks the check.
    assert passes_luhn("552100554")
    assert not passes_luhn("552100555")


def test_same_seed_gives_the_same_cluster_and_another_seed_a_different_one(db):
    seed("--orgs", "30", "--seed", "7")
    first = snapshot()
    seed("--orgs", "30", "--seed", "7", "--flush")
    second = snapshot()
    seed("--orgs", "30", "--seed", "8", "--flush")
    third = snapshot()

    assert len(first[0]) == 30
    assert first == second
    assert {name for name, _slug in third[0]} != {name for name, _slug in first[0]}


def test_organizations_are_mostly_members_with_one_to_four_contacts(db):
    seed()

    assert Organization.objects.count() == 120
    members = Organization.objects.members().count()
    assert 0.55 * 120 <= members <= 0.85 * 120
    assert (
        Organization.objects.exclude(kind__in=["company", "startup"])
        .filter(lifecycle="partner")
        .exists()
    )
    counts = Organization.objects.annotate_contact_count().values_list("contact_count", flat=True)
    assert set(counts) <= {1, 2, 3, 4}
    # Each member organization has exactly one admin; others have none.
    admins = Affiliation.objects.filter(access=Affiliation.Access.ADMIN)
    assert admins.count() == members
    assert not admins.exclude(organization__lifecycle="member").exists()
    postal_codes = Organization.objects.values_list("postal_code", flat=True)
    assert {code[:2] for code in postal_codes} <= OCCITANIE_DEPARTMENTS


def test_member_organizations_are_in_the_directory_and_searchable(db):
    seed("--orgs", "30")

    listed = Organization.objects.members().filter(directory_consent_at__isnull=False)
    assert listed.count() >= 10
    assert not Organization.objects.filter(search_document="").exists()
    assert set(Organization.objects.values_list("region", flat=True)) == {Region.OCCITANIE}


def test_every_siren_has_nine_digits_passes_luhn_and_is_unique(db):
    seed("--orgs", "300")

    sirens = list(Organization.objects.values_list("siren", flat=True))
    assert all(len(siren) == 9 and siren.isdigit() for siren in sirens)
    assert all(passes_luhn(siren) for siren in sirens)
    assert len(set(sirens)) == len(sirens)


def test_demo_logins_authenticate_with_the_given_password(db):
    output = seed("--orgs", "10", "--password", "another-secret-42")

    staff = authenticate(email="staff@demo.local", password="another-secret-42")
    member = authenticate(email="member@demo.local", password="another-secret-42")
    assert staff is not None and staff.is_staff
    assert member is not None and not member.is_staff
    assert authenticate(email="member@demo.local", password=PASSWORD) is None
    assert "staff@demo.local / another-secret-42" in output
    assert "member@demo.local / another-secret-42" in output
    for user in (staff, member):
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()


def test_member_login_is_the_admin_of_a_member_organization_beside_a_plain_contact(db):
    seed("--orgs", "10")

    member = get_user_model().objects.get(email="member@demo.local")
    affiliation = Affiliation.objects.get(contact__user=member)
    assert affiliation.access == Affiliation.Access.ADMIN
    assert affiliation.organization.lifecycle == Organization.Lifecycle.MEMBER
    assert member.contact.email == "member@demo.local"
    colleagues = affiliation.organization.affiliations.exclude(pk=affiliation.pk)
    assert colleagues.filter(access=Affiliation.Access.CONTACT).exists()


@pytest.mark.parametrize("email", ["staff@demo.local", "member@demo.local"])
def test_demo_logins_get_through_the_allauth_login_form(client, db, email):
    seed("--orgs", "5")

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == get_user_model().objects.get(email=email).pk


def test_faq_has_french_and_english_entries_in_every_category(db):
    seed("--orgs", "5")

    entries = FaqEntry.objects.select_related("category")
    assert 12 <= entries.count() <= 15
    assert {entry.category.slug for entry in entries} == set(FAQ_CATEGORIES)
    for entry in entries:
        assert entry.question_fr and entry.question_en
        assert entry.answer_fr and entry.answer_en
        assert entry.is_published


def test_events_spread_over_the_year_around_today(db):
    seed("--orgs", "5")

    # The working groups' own meetings come on top of the cluster's calendar.
    events = list(Event.objects.filter(working_group__isnull=True))
    now = timezone.now()
    past = [event for event in events if event.ends_at < now]
    assert 20 <= len(events) <= 30
    assert abs(len(past) - (len(events) - len(past))) <= 4
    for event in events:
        assert timezone.is_aware(event.starts_at)
        assert event.starts_at < event.ends_at
        assert event.title_fr and event.title_en and event.venue
    meeting = next(event for event in events if event.kind == Event.Kind.MONTHLY_MEETING)
    assert timezone.localtime(meeting.starts_at, ZoneInfo("Europe/Paris")).hour == 18


def test_public_calendar_has_a_handful_of_upcoming_public_events(client, db):
    seed("--orgs", "5")
    upcoming_public = Event.objects.published().filter(
        audience=Event.Audience.PUBLIC, starts_at__gt=timezone.now()
    )
    assert upcoming_public.count() >= 5
    assert len({event.kind for event in upcoming_public}) >= 3
    page = client.get("/fr/events/").content.decode()
    for event in upcoming_public[:5]:
        assert event.title_fr in page or event.slug in page
    # Guests (people outside the register) come to public events only, some lately.
    guests = Registration.objects.filter(contact=None)
    assert guests.exists()
    assert not guests.exclude(event__audience=Event.Audience.PUBLIC).exists()
    assert guests.filter(created_at__gte=timezone.now() - timedelta(days=30)).exists()


def test_working_groups_have_recent_documents_for_the_member_space_home(client, db):
    seed("--orgs", "40")
    recent = WorkingGroupDocument.objects.filter(
        uploaded_at__gte=timezone.now() - timedelta(days=NEW_DOCUMENTS_DAYS)
    )
    assert recent.exists()
    member = get_user_model().objects.get(email="member@demo.local")
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    home = client.get("/fr/space/").content.decode()
    assert "/documents/" in home
    document = WorkingGroupDocument.objects.filter(group__members__contact__user=member).first()
    assert (
        client.get(f"/fr/space/groups/{document.group.slug}/documents/{document.pk}/").status_code
        == 200
    )


def test_organization_names_are_unique(db):
    seed("--orgs", "1000")
    names = [name.casefold() for name in Organization.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names)) == 1000


def test_sectors_competences_and_labels_fill_the_directory_filters(client, db):
    seed("--orgs", "200")
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


def test_refuses_when_debug_is_off_unless_forced(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        seed("--orgs", "5")
    assert not Organization.objects.exists()

    seed("--orgs", "5", "--force")
    assert Organization.objects.count() == 5


def test_if_empty_leaves_existing_data_alone(db):
    existing = OrganizationFactory(name="Déjà là")

    output = seed("--if-empty", "--orgs", "5")

    assert list(Organization.objects.all()) == [existing]
    assert not get_user_model().objects.exists()
    assert "already has data" in output
    assert "staff@demo.local" in output and "member@demo.local" in output


def test_if_empty_seeds_an_empty_database(db):
    seed("--if-empty", "--orgs", "5")

    assert Organization.objects.count() == 5


def test_refuses_to_seed_over_existing_data_without_flush(db):
    OrganizationFactory()

    with pytest.raises(CommandError, match="--flush"):
        seed("--orgs", "5")
    assert Organization.objects.count() == 1


def test_flush_replaces_demo_rows_but_keeps_superusers(db):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    UserFactory(email="someone@example.org")
    OrganizationFactory(name="Ancienne")

    seed("--orgs", "5", "--flush")

    assert not Organization.objects.filter(name="Ancienne").exists()
    assert Organization.objects.count() == 5
    emails = set(get_user_model().objects.values_list("email", flat=True))
    assert {admin.email, "staff@demo.local", "member@demo.local"} <= emails
    assert "someone@example.org" not in emails
    # The staff login's colleagues are animators too, but without a usable password.
    colleagues = get_user_model().objects.exclude(
        email__in=[admin.email, "staff@demo.local", "member@demo.local"]
    )
    assert colleagues.exists()
    assert all(user.is_staff and not user.has_usable_password() for user in colleagues)


def test_about_three_contacts_per_organization(db):
    seed("--orgs", "300")

    assert 2.7 * 300 <= Contact.objects.count() <= 3.3 * 300


def test_memberships_follow_the_lifecycle_of_their_organization(db):
    seed("--orgs", "300")
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
    seed("--orgs", "300")
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
    seed("--orgs", "300")

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
def test_first_memberships_and_the_faq_follow_the_first_period_rule(
    db, settings, early_start_months
):
    settings.MEMBERSHIP_EARLY_START_MONTHS = early_start_months
    seed("--orgs", "200")

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

    dues_answer = FaqEntry.objects.get(slug="montant-de-la-cotisation")
    # The amounts the FAQ promises are the fee grid's, and the grid's are all in the FAQ.
    promised = {
        int(amount.replace(" ", "").replace("\u00a0", ""))
        for amount in re.findall(r"(\d[\d  ]*) € HT", dues_answer.answer_fr)
    }
    grid = {int(amount) for amount in FeeBand.objects.values_list("amount", flat=True)}
    assert promised == grid
    rule_fr, rule_en = demo_data.first_year_rule()
    assert dues_answer.answer_fr.endswith(rule_fr)
    assert dues_answer.answer_en.endswith(rule_en)
    assert "{first_year}" not in dues_answer.answer_fr + dues_answer.answer_en


def test_newsletter_consents_agree_with_the_subscriptions(db):
    seed("--orgs", "200")
    State = NewsletterConsent.State
    expected = {
        Subscriber.Status.CONFIRMED: (State.SUBSCRIBED, True),
        Subscriber.Status.UNSUBSCRIBED: (State.UNSUBSCRIBED, False),
        Subscriber.Status.BOUNCED: (State.BOUNCED, None),
        Subscriber.Status.PENDING: (State.PENDING, None),
    }
    subscribers = Subscriber.objects.exclude(contact=None).select_related("contact")
    assert subscribers.filter(status=Subscriber.Status.CONFIRMED).exists()
    for subscriber in subscribers:
        state, latest_granted = expected[subscriber.status]
        answers = consents.consent_answers(contact=subscriber.contact)
        assert answers["newsletter"].state == state
        record = subscriber.contact.consents.filter(purpose="newsletter").first()
        # The history ends with the answer in force (a bounce or a pending request is no
        # answer of the person's).
        if latest_granted is not None:
            assert record.granted is latest_granted
    # The demo member subscribed from the member space: every page says so, with the date.
    member = Contact.objects.get(email="member@demo.local")
    answer = consents.consent_answers(contact=member)["newsletter"]
    assert answer.state == State.SUBSCRIBED
    assert member.consents.filter(purpose="newsletter", granted=True).exists()
    export = personal_data.personal_data_export(contact=member)
    in_force = {answer["purpose"]: answer["state"] for answer in export["consents_in_force"]}
    assert in_force["newsletter"] == consents.consent_answers(contact=member)["newsletter"].state


def test_member_login_pays_its_dues_and_belongs_to_a_working_group(db):
    seed("--orgs", "10")

    member = Contact.objects.get(email="member@demo.local")
    organization = member.affiliations.get().organization
    current = Membership.objects.current().get(organization=organization)
    assert current.is_paid() and current.invoice_number
    assert organization.memberships.count() >= 3
    assert WorkingGroupMember.objects.filter(
        contact=member, status="accepted", group__status="active"
    ).exists()


def test_working_groups_have_leads_members_and_requests_from_member_organizations(db):
    seed("--orgs", "300")

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
    seed("--orgs", "120")

    staff = get_user_model().objects.get(email="staff@demo.local")
    assert Organization.objects.filter(animator=staff).count() >= 10
    shown, total = crm.follow_ups_due(user=staff)
    assert total >= len(shown) >= 5
    # By date, the overdue first; the staff login has follow-ups of its own among them.
    assert [i.follow_up_on for i in shown] == sorted(i.follow_up_on for i in shown)
    mine_due = crm.follow_ups_open(user=staff).filter(follow_up_on__lte=timezone.localdate())
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
    seed("--orgs", "120")

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
    seed("--orgs", "300")

    partners = Organization.objects.filter(lifecycle="partner")
    assert partners.exists()
    agreements = PartnershipAgreement.objects.all()
    assert set(agreements.values_list("organization", flat=True)) == set(
        partners.values_list("pk", flat=True)
    )
    for agreement in agreements:
        assert agreement.ends_on is None or agreement.starts_on < agreement.ends_on
        assert agreement.description_fr and agreement.description_en


def test_every_organization_seed_demo_lists_is_found_by_a_word_of_its_name(
    client, db, django_capture_on_commit_callbacks
):
    # Committed as the command is: the cached directory pages are invalidated then.
    with django_capture_on_commit_callbacks(execute=True):
        seed("--orgs", "30")
    listed_names = list(
        Organization.objects.members()
        .filter(directory_consent_at__isnull=False)
        .values_list("name", flat=True)[:5]
    )
    assert listed_names
    assert not Organization.objects.filter(search_document="").exists()
    for name in listed_names:
        # Every word of the name, accent-free and lower-case: the page shows this one first.
        query = " ".join(re.findall(r"[a-z0-9]+", search_normalise(name)))
        response = client.get("/fr/members/", {"q": query})
        assert escape(name) in response.content.decode(), (name, query)


def test_the_demo_shows_staff_an_email_still_retried_and_one_given_up(db):
    from core.models import SentEmail

    seed("--orgs", "30")
    seed("--orgs", "30", "--flush")

    owed = SentEmail.objects.exclude(status=SentEmail.Status.SENT)
    assert sorted(owed.values_list("status", flat=True)) == ["failed", "given_up"]
    # Each can be retried: its task and arguments point at an application of the demo.
    for email in owed:
        assert email.task_name == "members.tasks.application_acknowledge_send"
        assert MembershipApplication.objects.filter(pk=email.task_args[0]).exists()
