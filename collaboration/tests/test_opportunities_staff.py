"""The back-office: moderation with its emails, the list with its export, funding
opportunities, and the counts other pages read."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from collaboration.models import Opportunity
from collaboration.selectors.opportunities import opportunities_pending_count
from collaboration.services import opportunities as services
from collaboration.tests.opportunity_factories import opportunity_make
from core.models import SentEmail
from members.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client_for):
    return client_for("staff")


@pytest.fixture
def pending(personas):
    contact = personas.member_contact.contact
    contact.preferred_language = "en"
    contact.save()
    return opportunity_make(
        organization=personas.org_a,
        poster=contact,
        posted_by=personas.member_contact,
        status=Opportunity.Status.PENDING,
        published_at=None,
        title="Stage data",
    )


def _review(client, item, **data):
    """A decision posted from the review page as it shows the item now."""
    data.setdefault("version", services.opportunity_version(Opportunity.objects.get(pk=item.pk)))
    return client.post(reverse("collaboration:staff_opportunity_review", args=[item.pk]), data)


def _version_read(client, item) -> str:
    page = client.get(reverse("collaboration:staff_opportunity_review", args=[item.pk]))
    return page.content.decode().split('name="version" value="')[1].split('"')[0]


@pytest.mark.parametrize(
    "decision", [{"decision": "approve"}, {"decision": "reject", "note": "Précisez."}]
)
def test_an_item_edited_after_the_moderator_opened_it_is_not_decided_unread(
    staff, pending, decision, django_capture_on_commit_callbacks
):
    version = _version_read(staff, pending)
    # The member edits it while the moderator reads.
    services.opportunity_member_update(
        opportunity=Opportunity.objects.get(pk=pending.pk),
        data={"description": "Texte **changé** après l'ouverture."},
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = _review(staff, pending, version=version, **decision)

    assert response.status_code == 302
    assert response.url == reverse("collaboration:staff_opportunity_review", args=[pending.pk])
    pending.refresh_from_db()
    assert pending.status == Opportunity.Status.PENDING
    assert pending.moderated_at is None
    assert mail.outbox == []
    page = staff.get(response.url).content.decode()
    assert "Cette offre a été modifiée depuis que vous" in page
    assert "<strong>changé</strong>" in page
    # Read again, the decision goes through.
    with django_capture_on_commit_callbacks(execute=True):
        _review(staff, pending, version=_version_read(staff, pending), **decision)
    pending.refresh_from_db()
    assert pending.status != Opportunity.Status.PENDING


def test_a_decision_without_the_version_read_publishes_nothing(staff, pending):
    response = _review(staff, pending, decision="approve", version="")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Opportunity.Status.PENDING


def test_the_first_publication_stays_when_an_edit_sends_the_item_back(pending, personas):
    services.opportunity_approve(opportunity=pending, moderator=personas.staff)
    pending.refresh_from_db()
    first = pending.first_published_at
    assert first is not None and first == pending.published_at

    services.opportunity_member_update(opportunity=pending, data={"title": "Stage data v2"})
    pending.refresh_from_db()
    assert pending.published_at is None
    assert pending.first_published_at == first

    services.opportunity_approve(opportunity=pending, moderator=personas.staff)
    pending.refresh_from_db()
    assert pending.published_at > first
    assert pending.first_published_at == first


def test_approving_publishes_and_mails_the_poster_once_in_their_language(
    staff, pending, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _review(staff, pending, decision="approve")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Opportunity.Status.PUBLISHED
    assert pending.published_at is not None
    assert pending.moderated_by == personas.staff
    assert pending.is_on_board()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.member_contact.email]
    assert "Your offer is on the board" in message.subject
    assert "/en/opportunities/" in message.body
    assert message.alternatives[0][1] == "text/html"
    # Sending again (a retried task) sends nothing more.
    assert services.opportunity_decision_send(opportunity=pending) is False
    assert len(mail.outbox) == 1


def test_the_decision_email_speaks_french_to_a_french_poster(
    pending, personas, django_capture_on_commit_callbacks
):
    contact = pending.poster
    contact.preferred_language = "fr"
    contact.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_reject(
            opportunity=pending, moderator=personas.staff, note="Précisez la durée."
        )

    (message,) = mail.outbox
    assert "Votre offre n'est pas publiée" in message.subject
    assert "/fr/space/opportunities/" in message.body
    assert "Précisez la durée." in message.alternatives[0][0]


def test_rejecting_needs_a_note_and_mails_it(staff, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        empty = _review(staff, pending, decision="reject", note="  ")
    assert empty.status_code == 200
    assert "note" in empty.context["reject_form"].errors
    pending.refresh_from_db()
    assert pending.status == Opportunity.Status.PENDING
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        _review(staff, pending, decision="reject", note="Précisez la gratification.")

    pending.refresh_from_db()
    assert pending.status == Opportunity.Status.REJECTED
    assert pending.moderation_note == "Précisez la gratification."
    assert len(mail.outbox) == 1
    assert "Précisez la gratification." in mail.outbox[0].body
    assert "/en/space/opportunities/" in mail.outbox[0].body


def test_a_second_decision_on_the_same_item_changes_nothing(
    staff, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _review(staff, pending, decision="approve")
        response = _review(staff, pending, decision="reject", note="Trop tard")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Opportunity.Status.PUBLISHED
    assert len(mail.outbox) == 1
    with pytest.raises(services.OpportunityNotPendingError):
        services.opportunity_reject(opportunity=pending, moderator=None, note="x")


def test_an_item_edited_after_approval_and_approved_again_gets_a_new_email(
    pending, personas, django_capture_on_commit_callbacks
):
    # Three requests: each commits, and its email leaves, before the next.
    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_approve(opportunity=pending, moderator=personas.staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_member_update(opportunity=pending, data={"title": "Stage data v2"})
    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_approve(opportunity=pending, moderator=personas.staff)

    assert len(mail.outbox) == 2
    assert SentEmail.objects.filter(key__startswith=f"opportunity:{pending.pk}:").count() == 2


def test_the_queue_lists_pending_items_only(staff, pending):
    opportunity_make(title="Déjà publié")

    page = staff.get(reverse("collaboration:staff_opportunity_moderation")).content.decode()

    assert "Stage data" in page
    assert "Déjà publié" not in page
    assert opportunities_pending_count() == 1


def test_staff_create_a_funding_opportunity_published_at_once(staff):
    data = {
        "kind": "funding",
        "title": "Bpifrance — i-Nov",
        "funder": "Bpifrance",
        "scope": "national",
        "description": "Concours d'innovation.",
        "location": "",
        "region": "",
        "apply_url": "https://www.bpifrance.fr/",
        "apply_email": "",
        "starts_on": "",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }

    response = staff.post(reverse("collaboration:staff_opportunity_create"), data)

    assert response.status_code == 302
    item = Opportunity.objects.get()
    assert item.status == Opportunity.Status.PUBLISHED and item.is_on_board()
    assert item.funder == "Bpifrance"
    assert item.organization is None


def test_a_funding_opportunity_needs_its_funder(staff):
    response = staff.post(
        reverse("collaboration:staff_opportunity_create"),
        {
            "kind": "funding",
            "title": "Appel",
            "description": "x",
            "apply_url": "https://example.org/",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=6)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "funder" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_staff_edit_a_members_item_without_changing_its_status(staff, pending):
    response = staff.post(
        reverse("collaboration:staff_opportunity_edit", args=[pending.pk]),
        {
            "kind": "internship",
            "title": "Stage data (corrigé)",
            "description": "x",
            "apply_email": "rh@alpha.test",
            "expires_on": pending.expires_on.isoformat(),
        },
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.title == "Stage data (corrigé)"
    assert pending.status == Opportunity.Status.PENDING


def test_staff_list_filters_by_kind_status_and_search(staff):
    opportunity_make(title="Stage Néobêta")
    opportunity_make(title="Contrat Orion", kind=Opportunity.Kind.WORK_STUDY)
    opportunity_make(title="Offre Vega", status=Opportunity.Status.REJECTED)
    url = reverse("collaboration:staff_opportunities")

    by_kind = staff.get(url, {"kind": "work_study"}).content.decode()
    by_status = staff.get(url, {"status": "rejected"}).content.decode()
    by_search = staff.get(url, {"q": "NEOBETA"}).content.decode()

    assert "Contrat Orion" in by_kind and "Stage Néobêta" not in by_kind
    assert "Offre Vega" in by_status and "Contrat Orion" not in by_status
    assert "Stage Néobêta" in by_search and "Contrat Orion" not in by_search


def test_staff_list_exports_csv_and_xlsx_with_its_filters(staff):
    opportunity_make(title="Stage Python", organization=OrganizationFactory(name="Alpha"))
    opportunity_make(title="=Alternance", kind=Opportunity.Kind.WORK_STUDY)
    url = reverse("collaboration:staff_opportunities")

    as_csv = staff.get(url, {"export": "csv", "kind": "internship"})
    as_xlsx = staff.get(url, {"export": "xlsx"})

    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == "Stage Python" and rows[1][3] == "Alpha"
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["'=Alternance", "Stage Python"]


@pytest.mark.parametrize("rows", [3, 30])
def test_staff_list_query_count_does_not_grow_with_rows(staff, django_assert_num_queries, rows):
    organization = OrganizationFactory()
    for _ in range(rows):
        opportunity_make(organization=organization)
    # Session, user, the count, the navigation's member check, the page with organizations.
    with django_assert_num_queries(5):
        response = staff.get(reverse("collaboration:staff_opportunities"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_moderation_queue_query_count_does_not_grow_with_rows(
    staff, personas, django_assert_num_queries, rows
):
    items = [
        opportunity_make(
            title=f"Stage numéro {number}",
            organization=personas.org_a,
            poster=personas.member_contact.contact,
            status=Opportunity.Status.PENDING,
        )
        for number in range(rows)
    ]
    # Session, user, the count, the navigation's member check, the page with organizations
    # and posters.
    with django_assert_num_queries(5):
        response = staff.get(reverse("collaboration:staff_opportunity_moderation"))
    assert response.status_code == 200
    page = response.content.decode()
    shown = items[:25]  # the oldest first, one page
    for item in shown:
        assert f">{item.title}</h2>" in page
        assert reverse("collaboration:staff_opportunity_review", args=[item.pk]) in page
    assert all(f">{item.title}</h2>" not in page for item in items[25:])
    assert page.count(personas.org_a.name) >= len(shown)
    assert personas.member_contact.contact.last_name in page
    assert "<strong>passionnante</strong>" in page


def test_staff_list_marks_published_items_past_their_expiry(staff, today_is):
    today_is(datetime.date(2026, 12, 1))
    opportunity_make(title="Ancienne offre", expires_on=datetime.date(2026, 11, 30))
    opportunity_make(title="Offre en cours", expires_on=datetime.date(2026, 12, 1))

    page = staff.get(reverse("collaboration:staff_opportunities")).content.decode()

    rows = {row.split("</th>")[0]: row for row in page.split('<th scope="row">')[1:]}
    expired = next(row for key, row in rows.items() if "Ancienne offre" in key)
    current = next(row for key, row in rows.items() if "Offre en cours" in key)
    assert "(expired)" in expired or "(expirée)" in expired
    assert "(expired)" not in current and "(expirée)" not in current
