"""The animators' event pages: list, exports, the form with its agenda, move / cancel with
the notice to registrants, duplicate, the dashboard, PDFs, attendance history, partner
calendars."""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape as html_escape
from openpyxl import load_workbook

from core.email import email_send_once
from core.models import SentEmail
from core.pagecache import topics_changed
from events import selectors, tasks
from events.models import AgendaItem, Event, EventDocument, PartnerCalendar, Registration
from events.services import events as event_services
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from events.views.events import ATTENDEES_PER_PAGE
from members.tests.factories import OrganizationFactory

PARIS = ZoneInfo("Europe/Paris")


def _queued(callbacks: list) -> list:
    """The on-commit callbacks that queue work, without those refreshing stored pages."""
    return [
        callback for callback in callbacks if getattr(callback, "func", None) is not topics_changed
    ]


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def staff(client_for):
    return client_for("staff")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


# List, filters, exports


@pytest.fixture
def calendar(db):
    now = timezone.now()
    return {
        "upcoming": EventFactory(
            title_fr="Assemblée générale",
            title_en="General assembly",
            kind=Event.Kind.GENERAL_ASSEMBLY,
            audience=Event.Audience.PUBLIC,
        ),
        "past": EventFactory(
            title_fr="Visite passée",
            title_en="Past visit",
            kind=Event.Kind.COMPANY_VISIT,
            starts_at=now - datetime.timedelta(days=30),
            ends_at=now - datetime.timedelta(days=30, hours=-2),
        ),
    }


def listed(response) -> list[str]:
    return [event.title for event in response.context["page"]]


def test_staff_list_filters_by_period_kind_audience_and_search(staff, calendar):
    url = en("events:staff_events")
    assert listed(staff.get(url, {"period": "upcoming"})) == ["General assembly"]
    assert listed(staff.get(url, {"period": "past"})) == ["Past visit"]
    assert listed(staff.get(url, {"kind": "company_visit"})) == ["Past visit"]
    assert listed(staff.get(url, {"audience": "public"})) == ["General assembly"]
    assert listed(staff.get(url, {"q": "assembl"})) == ["General assembly"]
    assert listed(staff.get(url, {"organizer": "partner_cluster"})) == []
    # A stale bookmark with a choice that no longer exists shows everything, not an error.
    assert len(listed(staff.get(url, {"kind": "nonsense"}))) == 2


def test_staff_list_htmx_answers_the_results_fragment(staff, calendar):
    response = staff.get(en("events:staff_events"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "General assembly" in html


@pytest.mark.parametrize("size", [3, 30])
def test_staff_list_query_count_does_not_grow(staff, db, django_assert_num_queries, size):
    for _ in range(size):
        RegistrationFactory(event=EventFactory(working_group=None))
    # session, user; the paginator's COUNT; the page (working group and partner joined,
    # seat counts aggregated); the header's "is a member" check.
    with django_assert_num_queries(5):
        response = staff.get(en("events:staff_events"))
    assert len(listed(response)) == size


def test_staff_list_exports_are_safe_against_formula_injection(staff, db):
    event = EventFactory(title_fr='=HYPERLINK("http://evil")', title_en="")
    RegistrationFactory(event=event)
    with translation.override("en"):
        rows = csv_rows(staff.get(en("events:staff_events"), {"export": "csv"}))
    assert rows[0][0] == "Title"
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][8] == "1"  # confirmed
    response = staff.get(en("events:staff_events"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == '\'=HYPERLINK("http://evil")'


# Create and edit


def event_form_data(**overrides) -> dict:
    data = {
        "title_fr": "Débat cybersécurité",
        "title_en": "Cybersecurity debate",
        "kind": Event.Kind.THEMATIC_DEBATE,
        "starts_at": "2030-03-12T18:00",
        "ends_at": "2030-03-12T20:00",
        "venue": "La Cantine",
        "address": "",
        "online_url": "https://visio.test/debat",
        "description_fr": "Échanges.",
        "description_en": "",
        "audience": Event.Audience.MEMBERS,
        "working_group": "",
        "organizer": Event.Organizer.CLUSTER,
        "capacity": "40",
        "registration_opens_at": "",
        "registration_closes_at": "2030-03-11T12:00",
        "is_published": "on",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "50",
        "agenda-0-starts_at": "18:00",
        "agenda-0-title_fr": "Accueil",
        "agenda-0-speaker": "",
        "agenda-1-starts_at": "18:15",
        "agenda-1-title_fr": "Table ronde",
        "agenda-1-speaker": "Camille Martin",
    }
    data.update(overrides)
    return data


def test_staff_create_an_event_with_its_agenda_in_paris_time(staff, db):
    response = staff.post(en("events:staff_event_create"), event_form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("events:staff_event", pk=event.pk)
    assert event.slug == "debat-cybersecurite"
    assert event.starts_at == datetime.datetime(2030, 3, 12, 18, tzinfo=PARIS)
    assert event.capacity == 40
    assert [item.title_fr for item in event.agenda_items.all()] == ["Accueil", "Table ronde"]
    assert event.agenda_items.all()[1].speaker == "Camille Martin"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2030-03-12T17:00"}, "ends_at"),
        ({"audience": Event.Audience.GROUP}, "working_group"),
        ({"starts_at": "not a date"}, "starts_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(staff, db, overrides, field):
    response = staff.post(en("events:staff_event_create"), event_form_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not Event.objects.exists()
    assert not AgendaItem.objects.exists()


def test_edit_replaces_the_agenda(staff, db):
    event = EventFactory()
    AgendaItemFactory(event=event, title_fr="Ancien point")
    page = staff.get(en("events:staff_event_edit", pk=event.pk)).content.decode()
    assert 'value="Ancien point"' in page
    data = event_form_data(
        **{
            "agenda-TOTAL_FORMS": "2",
            "agenda-0-title_fr": "Ancien point",
            "agenda-0-DELETE": "on",
            "agenda-1-title_fr": "Nouveau point",
        }
    )
    staff.post(en("events:staff_event_edit", pk=event.pk), data)
    assert [item.title_fr for item in event.agenda_items.all()] == ["Nouveau point"]


# Changes: move, cancel, and the notice to registrants


@pytest.fixture
def registered_event(db):
    event = EventFactory(online_url="https://visio.test/salle")
    confirmed = RegistrationFactory(event=event)
    waitlisted = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    gone = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    return {"event": event, "confirmed": confirmed, "waitlisted": waitlisted, "gone": gone}


def test_moving_an_event_notifies_each_active_registrant_once(
    staff, registered_event, django_capture_on_commit_callbacks
):
    event = registered_event["event"]
    with django_capture_on_commit_callbacks() as callbacks:
        response = staff.post(
            en("events:staff_event_move", pk=event.pk),
            {"starts_at": "2031-01-20T09:00", "ends_at": "2031-01-20T12:00"},
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.starts_at == datetime.datetime(2031, 1, 20, 9, tzinfo=PARIS)
    assert len(_queued(callbacks)) == 1  # the notices are queued

    assert tasks.event_change_notices_send(event.pk, 1) == 2
    # A retried task, or a second worker, sends nothing more.
    assert tasks.event_change_notices_send(event.pk, 1) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [registered_event["confirmed"].email, registered_event["waitlisted"].email]
    )
    by_address = {message.to[0]: message for message in mail.outbox}
    confirmed_mail = by_address[registered_event["confirmed"].email]
    waitlisted_mail = by_address[registered_event["waitlisted"].email]
    assert "Change of date or place" in confirmed_mail.subject
    assert "https://visio.test/salle" in confirmed_mail.body
    assert "visio.test" not in waitlisted_mail.body
    attachment = confirmed_mail.attachments[0]
    assert attachment[0] == "event.ics" and "SEQUENCE:1" in attachment[1]
    key = f"event:{event.pk}:change:1:registration:{registered_event['confirmed'].pk}"
    assert SentEmail.objects.filter(key=key, status=SentEmail.Status.SENT).exists()


def test_a_second_change_notifies_again(registered_event):
    event = registered_event["event"]
    event_services.event_move(
        event=event,
        starts_at=event.starts_at + datetime.timedelta(days=1),
        ends_at=event.ends_at + datetime.timedelta(days=1),
    )
    tasks.event_change_notices_send(event.pk, 1)
    event_services.event_update(event=event, values={"venue": "Autre salle"})
    assert event.sequence == 2
    assert tasks.event_change_notices_send(event.pk, 2) == 2
    assert len(mail.outbox) == 4
    assert "Autre salle" in mail.outbox[-1].body


def test_a_notice_overtaken_by_a_newer_change_is_not_sent(registered_event):
    event = registered_event["event"]
    event_services.event_update(event=event, values={"venue": "Salle A"})
    event_services.event_update(event=event, values={"venue": "Salle B"})
    assert tasks.event_change_notices_send(event.pk, 1) == 0
    assert tasks.event_change_notices_send(event.pk, 2) == 2
    assert all("Salle B" in message.body for message in mail.outbox)


def test_editing_only_the_text_does_not_notify(
    registered_event, django_capture_on_commit_callbacks
):
    event = registered_event["event"]
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_update(event=event, values={"description_fr": "Nouveau texte"})
    assert event.sequence == 0
    assert mail.outbox == []


def test_cancelling_tells_registrants_and_the_feeds(staff, registered_event):
    event = registered_event["event"]
    page = staff.get(en("events:staff_event_cancel", pk=event.pk)).content.decode()
    assert "2 registrants will be told" in page

    response = staff.post(en("events:staff_event_cancel", pk=event.pk))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1
    assert tasks.event_change_notices_send(event.pk, 1) == 2
    assert all("Cancelled" in message.subject for message in mail.outbox)
    assert "STATUS:CANCELLED" in mail.outbox[0].attachments[0][1]
    # Cancelling twice changes nothing and tells nobody again.
    event_services.event_cancel(event=event)
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_cancelled_event_is_not_moved_and_its_edits_tell_nobody(
    staff, registered_event, django_capture_on_commit_callbacks
):
    event = registered_event["event"]
    event_services.event_cancel(event=event)
    tasks.event_change_notices_send(event.pk, 1)
    mail.outbox.clear()
    event.refresh_from_db()
    dashboard = staff.get(en("events:staff_event", pk=event.pk)).content.decode()
    assert en("events:staff_event_move", pk=event.pk) not in dashboard
    response = staff.post(
        en("events:staff_event_move", pk=event.pk),
        {"starts_at": "2031-01-20T09:00", "ends_at": "2031-01-20T12:00"},
        follow=True,
    )
    assert "A cancelled event cannot be moved." in response.content.decode()
    with pytest.raises(event_services.EventError):
        event_services.event_move(
            event=event,
            starts_at=event.starts_at + datetime.timedelta(days=1),
            ends_at=event.ends_at + datetime.timedelta(days=1),
        )
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_update(event=event, values={"venue": "Autre salle"})
    event.refresh_from_db()
    assert event.venue == "Autre salle" and event.sequence == 1
    assert mail.outbox == []


def test_move_form_refuses_an_end_before_the_start(staff, registered_event):
    event = registered_event["event"]
    response = staff.post(
        en("events:staff_event_move", pk=event.pk),
        {"starts_at": "2031-01-20T09:00", "ends_at": "2031-01-19T12:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"]
    event.refresh_from_db()
    assert event.sequence == 0


# Duplicate


def test_duplicate_copies_texts_and_agenda_unpublished_with_a_new_slug(staff, db):
    event = EventFactory(title_fr="Rencontre régionale", cancelled_at=timezone.now(), sequence=3)
    AgendaItemFactory(event=event, title_fr="Ouverture", speaker="La présidente")
    AgendaItemFactory(event=event, title_fr="Ateliers")
    RegistrationFactory(event=event)

    response = staff.post(en("events:staff_event_duplicate", pk=event.pk))

    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == en("events:staff_event_edit", pk=copy.pk)
    assert copy.slug != event.slug
    assert copy.title_fr == "Rencontre régionale"
    assert not copy.is_published and not copy.is_cancelled and copy.sequence == 0
    assert [(item.title_fr, item.speaker) for item in copy.agenda_items.all()] == [
        ("Ouverture", "La présidente"),
        ("Ateliers", ""),
    ]
    assert not copy.registrations.exists()


# Dashboard, attendee exports, PDFs


def test_dashboard_shows_figures_and_links(staff, registered_event):
    event = registered_event["event"]
    registration = registered_event["confirmed"]
    registration.attendance = Registration.Attendance.PRESENT
    registration.save()
    email_send_once(
        key=f"registration:{registration.pk}:confirmed:1",
        template="events/emails/event_changed",
        to=registration.email,
        context={"event": event},
        language="en",
    )
    event_services.event_cancel(event=event)
    tasks.event_change_notices_send(event.pk, 1)
    # Emails of another event are not counted.
    other = RegistrationFactory()
    SentEmail.objects.create(
        key=f"registration:{other.pk}:confirmed:1", to="x@y.test", template="t", status="sent"
    )

    response = staff.get(en("events:staff_event", pk=event.pk))

    figures = response.context["figures"]
    assert (figures.confirmed, figures.waitlisted, figures.cancelled) == (1, 1, 1)
    assert figures.present == 1 and figures.attendance_rate == 100
    assert figures.emails_sent == 3
    html = response.content.decode()
    assert en("events:checkin", slug=event.slug) in html
    assert en("events:staff_event_badges", pk=event.pk) in html
    assert "Satisfaction survey" in html


@pytest.mark.parametrize("size", [2, 60])
def test_dashboard_query_count_does_not_grow(staff, db, django_assert_num_queries, size):
    event = EventFactory()
    organization = OrganizationFactory()
    for _ in range(size):
        registration = RegistrationFactory(event=event, organization=organization)
        SentEmail.objects.create(
            key=f"registration:{registration.pk}:confirmed:1",
            to=registration.email,
            template="t",
            status="sent",
        )
    AgendaItemFactory(event=event)
    # session, user; the event (group and partner joined); registration counts; emails
    # sent; the attendees counted, then the page of them with their organizations; agenda;
    # documents; the header's "is a member" check; the latest satisfaction survey with its
    # NPS and average rating.
    with django_assert_num_queries(11):
        response = staff.get(en("events:staff_event", pk=event.pk))
    assert response.context["figures"].emails_sent == size
    assert len(response.context["page"]) == min(size, ATTENDEES_PER_PAGE)
    assert response.content.decode().count('class="attendee-row"') == min(size, ATTENDEES_PER_PAGE)
    # The list alone, as htmx asks for it when the filters change: session, user, event,
    # the attendees counted and the page of them.
    with django_assert_num_queries(5):
        response = staff.get(
            en("events:staff_event", pk=event.pk) + "?status=confirmed",
            headers={"HX-Request": "true"},
        )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attendees"')
    assert html.count('class="attendee-row"') == min(size, ATTENDEES_PER_PAGE)


def _attendee_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="attendee-row" id="registration-(\d+)">', html)


def test_dashboard_lists_attendees_a_page_at_a_time_and_exports_them_all(staff, db):
    event = EventFactory(capacity=200)
    registrations = [
        RegistrationFactory(event=event, last_name=f"Name{number:03}", first_name="Ann")
        for number in range(ATTENDEES_PER_PAGE + 3)
    ]
    url = en("events:staff_event", pk=event.pk)

    first = staff.get(url).content.decode()
    second = staff.get(url + "?page=2").content.decode()

    assert _attendee_rows(first) == [str(r.pk) for r in registrations[:ATTENDEES_PER_PAGE]]
    assert _attendee_rows(second) == [str(r.pk) for r in registrations[ATTENDEES_PER_PAGE:]]
    assert f"{ATTENDEES_PER_PAGE + 3} attendees" in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    # The figures count everyone, not the page.
    assert f"<dd>{ATTENDEES_PER_PAGE + 3} / 200</dd>" in second
    # The exports hold every attendee, whatever page the dashboard shows.
    with translation.override("en"):
        rows = csv_rows(staff.get(en("events:staff_event_attendees_export", pk=event.pk)))
    assert len(rows) == 1 + ATTENDEES_PER_PAGE + 3
    workbook = load_workbook(
        io.BytesIO(
            staff.get(
                en("events:staff_event_attendees_export", pk=event.pk) + "?format=xlsx"
            ).content
        )
    )
    assert workbook.active.max_row == 1 + ATTENDEES_PER_PAGE + 3


def test_dashboard_filters_attendees_by_status_and_by_name_or_organization(staff, db):
    event = EventFactory(capacity=1)
    organization = OrganizationFactory(name="Chaudronnerie Lebrun")
    seated = RegistrationFactory(
        event=event, first_name="Élodie", last_name="Martin", organization=organization
    )
    waiting = RegistrationFactory(
        event=event,
        first_name="Paul",
        last_name="Durand",
        status=Registration.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    RegistrationFactory(event=event, first_name="Zoé", status=Registration.Status.CANCELLED)
    url = en("events:staff_event", pk=event.pk)

    assert _attendee_rows(staff.get(url).content.decode()) == [str(waiting.pk), str(seated.pk)]
    assert _attendee_rows(staff.get(url + "?status=waitlisted").content.decode()) == [
        str(waiting.pk)
    ]
    # Accents and case aside, and the organization linked to the registration counts.
    assert _attendee_rows(staff.get(url + "?q=elodie").content.decode()) == [str(seated.pk)]
    assert _attendee_rows(staff.get(url + "?q=lebrun").content.decode()) == [str(seated.pk)]
    nothing = staff.get(url + "?q=lebrun&status=waitlisted").content.decode()
    assert _attendee_rows(nothing) == [] and "No attendee matches." in nothing
    # A stale or forged filter is ignored, not an error.
    assert len(_attendee_rows(staff.get(url + "?status=cancelled").content.decode())) == 2


def test_a_status_change_comes_back_to_the_dashboard_page_and_filters_it_was_made_from(
    staff, db, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    seated = RegistrationFactory(event=event, last_name="Roy")
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    dashboard = en("events:staff_event", pk=event.pk) + "?q=roy&status=confirmed&page=1"
    page = staff.get(dashboard).content.decode()
    assert f'name="next" value="{html_escape(dashboard)}"' in page

    done = staff.post(_status_url(waiting), {"status": "confirmed", "next": dashboard})
    assert done["Location"] == f"{dashboard}#attendees"

    # Through the confirmation page, which carries the way back.
    asked = staff.post(_status_url(seated), {"status": "cancelled", "next": dashboard})
    asked_html = asked.content.decode()
    assert f'name="next" value="{html_escape(dashboard)}"' in asked_html
    assert f'href="{html_escape(dashboard)}#attendees"' in asked_html
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = staff.post(
            _status_url(seated), {"status": "cancelled", "confirmed": "on", "next": dashboard}
        )
    assert confirmed["Location"] == f"{dashboard}#attendees"
    seated.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    # Another site is never where it goes back to.
    elsewhere = staff.post(_status_url(seated), {"status": "?", "next": "https://evil.example/"})
    assert elsewhere["Location"] == en("events:staff_event", pk=event.pk) + "#attendees"


def test_document_upload_for_participants(staff, registered_event):
    event = registered_event["event"]
    response = staff.post(
        en("events:staff_event", pk=event.pk),
        {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides")},
    )
    assert response.status_code == 302
    document = EventDocument.objects.get(event=event)
    assert document.title == "Slides"


def test_a_page_named_pdf_is_not_shared_with_participants(staff, registered_event):
    event = registered_event["event"]
    page = SimpleUploadedFile("slides.pdf", b"<html><body><script>alert(1)</script>")
    response = staff.post(en("events:staff_event", pk=event.pk), {"title": "Slides", "file": page})
    assert response.status_code == 200
    assert "not what its name says" in response.context["document_form"].errors["file"][0]
    assert "Accepted files: pdf, docx" in response.content.decode()
    assert not EventDocument.objects.exists()


def test_document_upload_without_a_file_shows_the_error(staff, registered_event):
    event = registered_event["event"]
    response = staff.post(en("events:staff_event", pk=event.pk), {"title": "Slides"})
    assert response.status_code == 200
    assert response.context["document_form"].errors["file"]
    assert not EventDocument.objects.exists()


def test_attendee_exports_list_active_registrants_safely(staff, registered_event):
    event = registered_event["event"]
    registration = registered_event["confirmed"]
    registration.organization_name = "@SUM(A1)"
    registration.save()
    with translation.override("en"):
        rows = csv_rows(staff.get(en("events:staff_event_attendees_export", pk=event.pk)))
    assert rows[0][:4] == ["Last name", "First name", "Email", "Organization"]
    assert len(rows) == 3  # header, confirmed, waitlisted
    assert "'@SUM(A1)" in [row[3] for row in rows]
    response = staff.get(en("events:staff_event_attendees_export", pk=event.pk), {"format": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 3


@pytest.mark.parametrize("name", ["events:staff_event_badges", "events:staff_event_signin_sheet"])
def test_badges_and_sign_in_sheet_are_pdfs(staff, registered_event, name):
    response = staff.get(en(name, pk=registered_event["event"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_organization_attendance_history(staff, db):
    organization = OrganizationFactory(slug="gamma")
    past = EventFactory(title_en="Old meeting")
    RegistrationFactory(
        event=past, organization=organization, attendance=Registration.Attendance.PRESENT
    )
    RegistrationFactory(
        event=past, organization=organization, attendance=Registration.Attendance.NO_SHOW
    )
    RegistrationFactory(event=past)  # someone from elsewhere
    # Neither a cancelled seat nor an unconfirmed guest request is attendance.
    RegistrationFactory(
        event=past,
        organization=organization,
        status=Registration.Status.CANCELLED,
        attendance=Registration.Attendance.PRESENT,
    )
    RegistrationFactory(event=past, organization=organization, status=Registration.Status.PENDING)
    response = staff.get(en("events:staff_organization_attendance", slug="gamma"))
    assert response.context["figures"]["present"] == 1
    assert response.context["figures"]["no_show"] == 1
    assert len(response.context["page"]) == 2
    assert list(response.context["page"]) == list(
        selectors.attendance_of_organization(organization=organization)
    )
    assert "Old meeting" in response.content.decode()


# Partner calendars


def test_staff_add_edit_and_delete_a_partner_calendar(
    staff, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = staff.post(
            en("events:staff_partner_create"),
            {
                "name": "Cluster voisin",
                "feed_url": "https://voisin.test/agenda.ics",
                "is_active": "on",
            },
        )
    assert response.status_code == 302
    partner = PartnerCalendar.objects.get()
    assert len(_queued(callbacks)) == 1  # the first import is queued

    with django_capture_on_commit_callbacks() as callbacks:
        staff.post(
            en("events:staff_partner_edit", pk=partner.pk),
            {"name": "Cluster d'à côté", "feed_url": partner.feed_url, "is_active": "on"},
        )
    partner.refresh_from_db()
    assert partner.name == "Cluster d'à côté"
    assert _queued(callbacks) == []  # same address: nothing to import again now
    with django_capture_on_commit_callbacks() as callbacks:
        staff.post(
            en("events:staff_partner_edit", pk=partner.pk),
            {"name": partner.name, "feed_url": "https://voisin.test/new.ics", "is_active": "on"},
        )
    partner.refresh_from_db()
    assert partner.feed_url == "https://voisin.test/new.ics"
    assert len(_queued(callbacks)) == 1  # a new address is imported at once
    staff.post(
        en("events:staff_partner_edit", pk=partner.pk),
        {"name": partner.name, "feed_url": partner.feed_url},
    )
    partner.refresh_from_db()
    assert not partner.is_active

    EventFactory(partner_calendar=partner, external_uid="x@voisin.test")
    assert (
        "1 imported event"
        in staff.get(en("events:staff_partner_delete", pk=partner.pk)).content.decode()
    )
    staff.post(en("events:staff_partner_delete", pk=partner.pk))
    assert not PartnerCalendar.objects.exists()
    assert not Event.objects.exists()


def test_partner_calendar_must_be_a_web_address(staff, db):
    response = staff.post(
        en("events:staff_partner_create"), {"name": "Local", "feed_url": "ftp://voisin.test/a"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["feed_url"]
    assert not PartnerCalendar.objects.exists()


@pytest.mark.parametrize("size", [2, 20])
def test_attendance_history_query_count_does_not_grow(staff, db, django_assert_num_queries, size):
    organization = OrganizationFactory(slug="delta")
    for _ in range(size):
        RegistrationFactory(organization=organization)
    # session, user; the organization; its figures; the paginator's COUNT; the page with
    # each event joined; the header's "is a member" check.
    with django_assert_num_queries(7):
        response = staff.get(en("events:staff_organization_attendance", slug="delta"))
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [1, 15])
def test_partner_list_query_count_does_not_grow(staff, db, django_assert_num_queries, size):
    for number in range(size):
        partner = PartnerCalendar.objects.create(
            name=f"Cluster {number}", feed_url=f"https://c{number}.test/a.ics"
        )
        EventFactory(partner_calendar=partner, external_uid=f"{number}@c.test")
    # session, user; the partners with their event counts; the header's "is a member" check.
    with django_assert_num_queries(4):
        response = staff.get(en("events:staff_partners"))
    assert response.content.decode().count('class="partner-row"') == size


# --- per-attendee actions on the event's page -----------------------------------------------


def _status_url(registration) -> str:
    return en(
        "events:staff_registration_status",
        pk=registration.event_id,
        registration_pk=registration.pk,
    )


def test_cancelling_an_attendee_asks_first_then_gives_the_seat_to_the_waitlist(
    staff, db, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event, first_name="Anne", last_name="Roy")
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    page = staff.get(en("events:staff_event", pk=event.pk)).content.decode()
    assert f'action="{_status_url(seated)}"' in page

    asked = staff.post(_status_url(seated), {"status": "cancelled"})

    assert "Cancel the registration of Anne Roy?" in asked.content.decode()
    assert 'name="confirmed"' in asked.content.decode()
    seated.refresh_from_db()
    assert seated.status == Registration.Status.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        done = staff.post(
            _status_url(seated), {"status": "cancelled", "confirmed": "on"}, follow=True
        )
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert f"Given the freed seat: {waiting.full_name}" in done.content.decode()
    # The person promoted is told, as when a seat frees up by itself.
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_promoting_from_a_full_waitlist_asks_to_go_beyond_the_capacity(
    staff, db, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )

    asked = staff.post(_status_url(waiting), {"status": "confirmed"})

    assert "Every seat is taken (1)" in asked.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            _status_url(waiting),
            {"status": "confirmed", "confirmed": "on", "over_capacity": "on"},
        )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    assert SentEmail.objects.get().key.startswith(f"registration:{waiting.pk}:promoted:")


def test_promoting_when_a_seat_is_free_needs_no_confirmation(staff, db):
    event = EventFactory(capacity=3)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )

    response = staff.post(_status_url(waiting), {"status": "confirmed"})

    assert response.status_code == 302
    assert response["Location"].endswith("#attendees")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_moving_a_confirmed_attendee_to_the_waitlist_promotes_the_next_one_not_them(db):
    from events.services import registrations as registration_services

    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    first_waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )

    promoted = registration_services.registration_status_set(
        registration=seated, status=Registration.Status.WAITLISTED
    )

    seated.refresh_from_db()
    assert promoted == [first_waiting]
    assert seated.status == Registration.Status.WAITLISTED
    # Last in the queue: after the people who already waited.
    assert list(Registration.objects.filter(event=event).waitlisted()) == [seated]


def test_an_attendee_of_another_event_cannot_be_changed_through_this_one(staff, db):
    event = EventFactory()
    other = RegistrationFactory()

    response = staff.post(
        en("events:staff_registration_status", pk=event.pk, registration_pk=other.pk),
        {"status": "cancelled", "confirmed": "on"},
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Registration.Status.CONFIRMED


def test_a_status_change_of_a_started_event_is_refused_with_a_message(staff, db):
    event = EventFactory(capacity=5)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))

    response = staff.post(_status_url(waiting), {"status": "confirmed"}, follow=True)

    assert "This event has already started." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
