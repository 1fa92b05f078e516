"""Memberships and dues: periods, staff's edits and renewals, payments, the dues page, the
renewal reminders and the member's view of their membership.

Personas come from the root conftest: staff, member_admin and member_contact of org A,
other_member (admin of org B), anonymous.
"""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from members import tasks
from members.models import (
    Affiliation,
    DuesReminder,
    FeeBand,
    HeadcountBand,
    Membership,
    MembershipCategory,
    Organization,
)
from members.selectors import memberships as selectors
from members.services import memberships as services
from members.tests.factories import (
    AffiliationFactory,
    ContactFactory,
    OrganizationFactory,
    membership_paid,
)

DUES = "/fr/staff/dues/"


def make_membership(organization, year: int, **fields) -> Membership:
    fields = {
        "status": Membership.Status.APPROVED,
        "dues_amount": Decimal("500"),
        **fields,
    }
    return Membership.objects.create(
        organization=organization,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        **fields,
    )


def memberships_url(organization) -> str:
    return f"/fr/staff/organizations/{organization.slug}/memberships/"


@pytest.fixture
def category(db) -> MembershipCategory:
    company = MembershipCategory.objects.create(name_fr="Entreprise", slug="entreprise")
    FeeBand.objects.create(category=company, headcount_band=HeadcountBand.SMALL, amount=900)
    return company


# --- Periods ----------------------------------------------------------------------------


def test_membership_period_is_the_calendar_year_by_default():
    assert selectors.membership_period_containing(day=date(2026, 3, 15)) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )


def test_membership_period_follows_the_configured_start_month(settings):
    settings.MEMBERSHIP_YEAR_START_MONTH = 9
    assert selectors.membership_period_containing(day=date(2026, 3, 15)) == (
        date(2025, 9, 1),
        date(2026, 8, 31),
    )
    assert selectors.membership_period_containing(day=date(2026, 9, 1)) == (
        date(2026, 9, 1),
        date(2027, 8, 31),
    )


# --- Staff's memberships page, renewals and payments ------------------------------------


def test_staff_sees_an_organizations_memberships(client_for, personas):
    make_membership(personas.org_a, 2025, invoice_number="F-2025-001")
    response = client_for("staff").get(memberships_url(personas.org_a))
    assert response.status_code == 200
    assert "F-2025-001" in response.content.decode()


def test_renewal_creates_next_years_membership_with_the_fee_grid(client_for, personas, category):
    Organization.objects.filter(pk=personas.org_a.pk).update(headcount_band=HeadcountBand.SMALL)
    make_membership(personas.org_a, 2025, category=category, status=Membership.Status.ACTIVE)
    response = client_for("staff").post(memberships_url(personas.org_a) + "renew/")

    renewal = Membership.objects.get(organization=personas.org_a, period_start__year=2026)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/memberships/{renewal.pk}/")
    assert (renewal.period_start, renewal.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert renewal.status == Membership.Status.APPROVED
    assert renewal.category == category
    assert renewal.dues_amount == Decimal("900.00")


def test_renewal_without_fee_grid_keeps_last_years_dues(personas):
    make_membership(personas.org_a, 2025, dues_amount=Decimal("420"))
    renewal = services.membership_renew(organization=personas.org_a)
    assert renewal.dues_amount == Decimal("420.00")


def test_renewal_is_refused_to_members(client_for, personas):
    response = client_for("member_admin").post(memberships_url(personas.org_a) + "renew/")
    assert response.status_code == 403
    assert not Membership.objects.exists()


def _edit_data(membership: Membership, **changes) -> dict:
    data = {
        "status": membership.status,
        "category": membership.category_id or "",
        "dues_amount": membership.dues_amount or "",
        "invoice_number": membership.invoice_number,
        "invoiced_on": membership.invoiced_on or "",
        "paid_on": membership.paid_on or "",
        "payment_method": membership.payment_method,
        "notes": membership.notes,
    }
    data.update(changes)
    return data


def test_recording_a_payment_activates_an_approved_membership(client_for, personas):
    Organization.objects.filter(pk=personas.org_a.pk).update(
        lifecycle=Organization.Lifecycle.APPLICANT
    )
    membership = make_membership(personas.org_a, timezone.localdate().year)
    url = f"{memberships_url(personas.org_a)}{membership.pk}/"
    response = client_for("staff").post(
        url,
        _edit_data(
            membership,
            invoice_number="F-1",
            invoiced_on=timezone.localdate(),
            paid_on=timezone.localdate(),
            payment_method=Membership.PaymentMethod.TRANSFER,
        ),
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.paid_on == timezone.localdate()
    assert membership.payment_method == Membership.PaymentMethod.TRANSFER
    personas.org_a.refresh_from_db()
    assert personas.org_a.lifecycle == Organization.Lifecycle.MEMBER


def test_recording_the_payment_activates_only_approved_memberships(personas):
    approved = make_membership(personas.org_a, 2025)
    membership_paid(approved, paid_on=date(2025, 2, 1))
    assert Membership.objects.get(pk=approved.pk).status == Membership.Status.ACTIVE
    resigned = make_membership(personas.org_b, 2025, status=Membership.Status.RESIGNED)
    membership_paid(resigned, paid_on=date(2025, 2, 1))
    assert Membership.objects.get(pk=resigned.pk).status == Membership.Status.RESIGNED


def test_invoice_number_clash_is_a_form_error_not_a_crash(client_for, personas):
    make_membership(personas.org_b, 2025, invoice_number="F-2025-007")
    membership = make_membership(personas.org_a, 2025)
    response = client_for("staff").post(
        f"{memberships_url(personas.org_a)}{membership.pk}/",
        _edit_data(membership, invoice_number="F-2025-007"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_invoice_number_errors"' in html
    assert "déjà utilisé par une autre adhésion" in html
    membership.refresh_from_db()
    assert membership.invoice_number == ""


def test_invoice_number_taken_at_the_same_moment_is_reported_by_the_service(personas):
    # The form's check passed for both animators; the database constraint decides.
    make_membership(personas.org_b, 2025, invoice_number="F-2025-007")
    membership = make_membership(personas.org_a, 2025)
    fields = _edit_data(membership, invoice_number="F-2025-007", category=None, paid_on=None)
    fields.update(dues_amount=Decimal("500"), invoiced_on=None)
    with pytest.raises(services.InvoiceNumberTaken):
        services.membership_update(membership=membership, **fields)
    assert Membership.objects.get(pk=membership.pk).invoice_number == ""


def test_a_payment_date_in_the_future_is_refused(client_for, personas):
    membership = make_membership(personas.org_a, 2025)
    response = client_for("staff").post(
        f"{memberships_url(personas.org_a)}{membership.pk}/",
        _edit_data(membership, paid_on=timezone.localdate() + timedelta(days=3)),
    )
    assert response.status_code == 200
    assert 'id="id_paid_on_errors"' in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).paid_on is None


def test_membership_of_another_organization_is_not_found_under_this_slug(client_for, personas):
    membership = make_membership(personas.org_b, 2025)
    response = client_for("staff").get(f"{memberships_url(personas.org_a)}{membership.pk}/")
    assert response.status_code == 404


# --- The dues page ----------------------------------------------------------------------


@pytest.fixture
def dues_2025(db):
    """A known year: 1,800 € expected from 3 memberships, 1,500 invoiced, 1,000 collected,
    500 late; plus memberships that must not count."""
    paid = OrganizationFactory(name="Payée")
    late = OrganizationFactory(name="En retard")
    pending = OrganizationFactory(name="Pas facturée")
    make_membership(
        paid,
        2025,
        status=Membership.Status.ACTIVE,
        dues_amount=Decimal("1000"),
        invoice_number="F-1",
        invoiced_on=date(2025, 1, 10),
        paid_on=date(2025, 2, 1),
    )
    make_membership(
        late, 2025, dues_amount=Decimal("500"), invoice_number="F-2", invoiced_on=date(2025, 1, 15)
    )
    make_membership(pending, 2025, dues_amount=Decimal("300"))
    make_membership(OrganizationFactory(), 2025, status=Membership.Status.REJECTED)
    make_membership(OrganizationFactory(), 2025, status=Membership.Status.APPLIED)
    make_membership(paid, 2024, dues_amount=Decimal("800"))
    return {"paid": paid, "late": late, "pending": pending}


def test_dues_totals_of_a_year(dues_2025):
    totals = selectors.dues_totals(year=2025, today=date(2025, 6, 1))
    assert totals == selectors.DuesTotals(
        expected=Decimal("1800"),
        expected_count=3,
        invoiced=Decimal("1500"),
        collected=Decimal("1000"),
        late=Decimal("500"),
        late_count=1,
    )


def test_invoices_are_late_only_after_thirty_days_of_the_period(dues_2025):
    assert selectors.dues_totals(year=2025, today=date(2025, 1, 31)).late == Decimal("0")
    assert selectors.dues_totals(year=2025, today=date(2025, 2, 1)).late == Decimal("500")


def test_dues_page_shows_the_totals_and_who_has_not_paid(client_for, personas, dues_2025):
    response = client_for("staff").get("/en/staff/dues/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    for figure in ("1,800.00 €", "1,500.00 €", "1,000.00 €", "500.00 €"):
        assert f"<dd>{figure}</dd>" in html
    assert "En retard" in html
    assert "Pas facturée" in html
    assert "Payée" not in html


def test_dues_page_with_a_bad_year_shows_the_current_one(client_for, personas):
    response = client_for("staff").get(DUES + "?year=abc")
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert 'id="id_year_errors"' in response.content.decode()


def test_unpaid_dues_export_neutralises_spreadsheet_formulas(client_for, personas):
    make_membership(OrganizationFactory(name='=HYPERLINK("http://evil")'), 2025)
    make_membership(OrganizationFactory(name="Honnête"), 2025, invoice_number="@SUM(A1)")
    response = client_for("staff").get(DUES + "?year=2025&export=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = {row[0] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil")', "Honnête"}
    assert "'@SUM(A1)" in {row[7] for row in rows[1:]}


@pytest.mark.parametrize("size", [1, 12])
def test_dues_page_query_count_does_not_grow_with_the_list(
    client_for, personas, django_assert_num_queries, size
):
    year = timezone.localdate().year
    for _ in range(size):
        make_membership(OrganizationFactory(), year)
    client = client_for("staff")
    # Session, user, the layout's "is a member contact?", the totals (one aggregate), the
    # count of unpaid memberships, their page with organization and category.
    with django_assert_num_queries(6):
        response = client.get(DUES)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size


# --- Renewal reminders ------------------------------------------------------------------


@pytest.fixture
def unpaid(db, settings):
    """An approved, unpaid 2025 membership whose organization has a billing contact."""
    settings.DUES_REMINDER_OFFSETS = [-30, -7, 15]
    organization = OrganizationFactory(name="Delta Capteurs")
    AffiliationFactory(
        organization=organization,
        contact=ContactFactory(email="admin@delta.example"),
        access=Affiliation.Access.ADMIN,
    )
    AffiliationFactory(
        organization=organization,
        position=Affiliation.Position.BILLING_CONTACT,
        contact=ContactFactory(
            first_name="Bérénice", email="compta@delta.example", preferred_language="en"
        ),
    )
    return make_membership(organization, 2025, invoice_number="F-2025-042")


def send_reminders(today: date, capture) -> list[DuesReminder]:
    with capture(execute=True):
        return services.dues_reminders_send(today=today)


@pytest.mark.parametrize(
    ("today", "offset"),
    [(date(2025, 12, 1), -30), (date(2025, 12, 24), -7), (date(2026, 1, 15), 15)],
)
def test_reminder_goes_to_the_billing_contact_at_each_offset(
    unpaid, today, offset, django_capture_on_commit_callbacks
):
    reminders = send_reminders(today, django_capture_on_commit_callbacks)

    assert [(r.membership, r.offset_days, r.sent_to) for r in reminders] == [
        (unpaid, offset, "compta@delta.example")
    ]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["compta@delta.example"]
    assert "Hello Bérénice" in message.body  # in English, her language
    assert "F-2025-042" in message.body
    assert "500" in message.body
    assert "/en/space/organizations/" in message.body
    assert message.alternatives[0][1] == "text/html"
    if offset > 0:
        assert "overdue" in message.subject


@pytest.mark.parametrize("today", [date(2025, 11, 30), date(2025, 12, 20), date(2026, 1, 14)])
def test_no_reminder_between_the_offsets(unpaid, today, django_capture_on_commit_callbacks):
    assert send_reminders(today, django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_reminder_is_never_sent_twice_when_the_service_runs_twice(
    unpaid, django_capture_on_commit_callbacks
):
    send_reminders(date(2025, 12, 1), django_capture_on_commit_callbacks)
    assert send_reminders(date(2025, 12, 1), django_capture_on_commit_callbacks) == []
    assert send_reminders(date(2025, 12, 2), django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 1
    assert DuesReminder.objects.count() == 1


def test_no_reminder_once_the_dues_are_paid(unpaid, django_capture_on_commit_callbacks):
    membership_paid(unpaid, paid_on=date(2025, 11, 20))
    assert send_reminders(date(2025, 12, 1), django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_a_recorded_reminder_is_not_mailed_if_paid_before_the_worker_ran(unpaid):
    reminder = DuesReminder.objects.create(
        membership=unpaid, offset_days=-30, sent_to="compta@delta.example"
    )
    membership_paid(unpaid, paid_on=date(2025, 12, 1))
    tasks.dues_reminder_send(reminder.pk)
    assert mail.outbox == []


def test_a_missed_day_is_caught_up_within_three_days(unpaid, django_capture_on_commit_callbacks):
    reminders = send_reminders(date(2025, 12, 4), django_capture_on_commit_callbacks)
    assert [r.offset_days for r in reminders] == [-30]
    assert len(mail.outbox) == 1


def test_a_reminder_missed_for_too_long_is_skipped(unpaid, django_capture_on_commit_callbacks):
    assert send_reminders(date(2025, 12, 5), django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_catch_up_sends_only_the_latest_due_offset_and_never_the_older_one(
    unpaid, settings, django_capture_on_commit_callbacks
):
    settings.DUES_REMINDER_OFFSETS = [-10, -8]
    # On Dec 23 both -10 (two days late) and -8 are due: one email, for -8.
    reminders = send_reminders(date(2025, 12, 23), django_capture_on_commit_callbacks)
    assert [r.offset_days for r in reminders] == [-8]
    assert send_reminders(date(2025, 12, 23), django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 1


def test_an_earlier_reminder_never_follows_a_later_one(unpaid, django_capture_on_commit_callbacks):
    # The -7 reminder went out, then staff moved the end of the period a month later: the
    # -30 day comes round again, but the member was already told more urgently.
    DuesReminder.objects.create(membership=unpaid, offset_days=-7, sent_to="compta@delta.example")
    Membership.objects.filter(pk=unpaid.pk).update(period_end=date(2026, 1, 31))
    assert send_reminders(date(2026, 1, 1), django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_without_billing_contact_the_main_contact_is_reminded(
    db, settings, django_capture_on_commit_callbacks
):
    settings.DUES_REMINDER_OFFSETS = [-30]
    organization = OrganizationFactory()
    AffiliationFactory(
        organization=organization,
        contact=ContactFactory(email="admin@epsilon.example"),
        access=Affiliation.Access.ADMIN,
    )
    AffiliationFactory(
        organization=organization,
        position=Affiliation.Position.MAIN_CONTACT,
        contact=ContactFactory(email="main@epsilon.example"),
    )
    make_membership(organization, 2025)
    send_reminders(date(2025, 12, 1), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["main@epsilon.example"]]


def test_beat_task_sends_todays_reminders(unpaid, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    Membership.objects.filter(pk=unpaid.pk).update(
        period_start=today - timedelta(days=300), period_end=today + timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.dues_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.dues_reminders_send() == 0
    assert [m.to for m in mail.outbox] == [["compta@delta.example"]]


# --- The member's view ------------------------------------------------------------------


def test_member_contact_sees_the_membership_and_dues(client_for, personas):
    year = timezone.localdate().year
    make_membership(
        personas.org_a, year, invoice_number="F-A-1", dues_amount=Decimal("640"), paid_on=None
    )
    make_membership(personas.org_b, year, invoice_number="F-B-1")
    response = client_for("member_contact").get(
        f"/en/space/organizations/{personas.org_a.slug}/membership/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "F-A-1" in html
    assert "640" in html
    assert "Not paid yet" in html
    assert "F-B-1" not in html


def test_other_organizations_membership_is_not_found(client_for, personas):
    response = client_for("other_member").get(
        f"/fr/space/organizations/{personas.org_a.slug}/membership/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("size", [1, 8])
def test_space_membership_query_count_does_not_grow_with_the_list(
    client_for, personas, django_assert_num_queries, size
):
    for year in range(2026 - size, 2026):
        make_membership(personas.org_a, year, invoice_number=f"F-{year}")
    client = client_for("member_contact")
    # Session, user, "is a member contact?" (the decorator, then the layout), the
    # affiliation with its organization, the memberships with their category.
    with django_assert_num_queries(6):
        response = client.get(f"/fr/space/organizations/{personas.org_a.slug}/membership/")
    assert response.status_code == 200
    assert response.content.decode().count("F-20") == size


def test_renewing_twice_creates_next_period_once_and_says_why(client_for, personas):
    this_year = selectors.membership_period_containing(day=timezone.localdate())[0].year
    make_membership(personas.org_a, this_year, status=Membership.Status.ACTIVE)
    client = client_for("staff")
    client.post(memberships_url(personas.org_a) + "renew/")  # next period: allowed
    response = client.post(memberships_url(personas.org_a) + "renew/", follow=True)

    years = sorted(
        Membership.objects.filter(organization=personas.org_a).values_list(
            "period_start__year", flat=True
        )
    )
    assert years == [this_year, this_year + 1]
    assert response.status_code == 200
    assert "période suivante existe déjà" in response.content.decode()


def test_a_reminder_task_run_twice_mails_once(unpaid):
    from core.models import SentEmail

    reminder = DuesReminder.objects.create(
        membership=unpaid, offset_days=-30, sent_to="compta@delta.example"
    )
    tasks.dues_reminder_send(reminder.pk)
    tasks.dues_reminder_send(reminder.pk)
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().key == f"dues-reminder:{reminder.pk}"
