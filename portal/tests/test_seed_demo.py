"""`manage.py seed_demo`: its options, its output, and that it runs every app's demo in one
go. What each app seeds is tested beside the app (members, events, surveys, communications
`tests/test_demo.py`)."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from communications.models import FaqEntry, Newsletter
from core.models import SentEmail
from core.search import search_normalise
from core.tests.factories import UserFactory
from events.models import Event
from members.models import Contact, Membership, MembershipApplication, Organization
from members.tests.factories import OrganizationFactory
from reports.models import MemberStatement, Report
from surveys.models import Survey

PASSWORD = "demo-cluster-2026"


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # pytest-django runs tests with DEBUG off, and seed_demo refuses to run then.
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> tuple[list, list, list]:
    organizations = list(Organization.objects.order_by("slug").values_list("name", "slug"))
    emails = sorted(Contact.objects.values_list("email", flat=True))
    dues = sorted(
        Membership.objects.values_list(
            "organization__slug", "period_start", "status", "invoice_number", "paid_on"
        )
    )
    return organizations, emails, dues


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
    seed("--orgs", "30")
    seed("--orgs", "30", "--flush")

    owed = SentEmail.objects.exclude(status=SentEmail.Status.SENT)
    assert sorted(owed.values_list("status", flat=True)) == ["failed", "given_up"]
    # Each can be retried: its task and arguments point at an application of the demo.
    for email in owed:
        assert email.task_name == "members.tasks.application_acknowledge_send"
        assert MembershipApplication.objects.filter(pk=email.task_args[0]).exists()


def test_output_sums_up_every_app_s_demo_data(db):
    output = seed("--orgs", "12")

    counts = (
        f"Demo data ready: 12 organizations, {Contact.objects.count()} contacts, "
        f"{Membership.objects.count()} memberships"
    )
    assert counts in output
    assert f"{FaqEntry.objects.count()} FAQ entries" in output
    # The cluster's calendar; the working groups' own meetings are not counted.
    assert f"{Event.objects.filter(working_group=None).count()} events," in output
    assert f"{Report.objects.count()} reports, {MemberStatement.objects.count()} annual" in output
    assert Survey.objects.filter(is_annual=True).exists()
    assert Newsletter.objects.exists()


def test_flush_replaces_every_app_s_demo_data_rather_than_adding_to_it(db):
    seed("--orgs", "30", "--seed", "3")
    before = Event.objects.count(), FaqEntry.objects.count(), Newsletter.objects.count()

    seed("--orgs", "30", "--seed", "3", "--flush")

    assert Survey.objects.filter(is_annual=True).count() == 1
    after = Event.objects.count(), FaqEntry.objects.count(), Newsletter.objects.count()
    assert after == before
