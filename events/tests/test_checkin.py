import re

import pytest
from django.urls import reverse
from django.utils import translation

from events import selectors
from events.models import Registration
from events.services import registrations as services
from events.tests.factories import EventFactory, RegistrationFactory


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def event(db):
    event = EventFactory(title_en="Monthly meeting of June")
    RegistrationFactory(event=event, first_name="Alice", last_name="Martin", email="a@x.org")
    RegistrationFactory(
        event=event,
        first_name="Bruno",
        last_name="Durand",
        email="b@y.org",
        organization_name="Robotix",
    )
    RegistrationFactory(
        event=event, first_name="Chloé", last_name="Petit", status=Registration.Status.CANCELLED
    )
    return event


def test_staff_search_an_attendee_by_name_email_or_organization(client_for, event):
    client = client_for("staff")
    page = url("events:checkin", event.slug)
    html = client.get(page).content.decode()
    assert "Alice Martin" in html and "Bruno Durand" in html
    assert "Chloé" not in html  # cancelled registrations do not come to the door
    for query in ("robot", "b@y", "durand"):
        html = client.get(page, {"q": query}).content.decode()
        assert "Bruno Durand" in html and "Alice Martin" not in html


def test_check_in_search_ignores_accents_and_case(client_for, event):
    RegistrationFactory(event=event, first_name="Hélène", last_name="Lefèvre", email="h@z.org")
    page = url("events:checkin", event.slug)
    for query in ("helene", "LEFEVRE", "Hélène lefèvre"):
        html = client_for("staff").get(page, {"q": query}).content.decode()
        assert "Hélène Lefèvre" in html and "Bruno Durand" not in html, query


def test_live_search_returns_only_the_results(client_for, event):
    response = client_for("staff").get(
        url("events:checkin", event.slug), {"q": "ali"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Alice Martin" in html and "<html" not in html


def test_marking_present_and_no_show_with_one_button(client_for, personas, event):
    client = client_for("staff")
    alice = event.registrations.get(first_name="Alice")
    mark = url("events:checkin_mark", event.slug, alice.pk)
    response = client.post(mark, {"attendance": "present", "q": "ali"})
    assert response.status_code == 302
    assert response["Location"].endswith("?q=ali")
    alice.refresh_from_db()
    assert alice.attendance == Registration.Attendance.PRESENT
    assert alice.checked_in_by == personas.staff

    response = client.post(mark, {"attendance": "no_show"}, headers={"HX-Request": "true"})
    assert (
        response.content.decode()
        .lstrip()
        .startswith(f'<li class="checkin-row card" id="registration-{alice.pk}"')
    )
    assert 'id="checkin-counts" hx-swap-oob="true">0 present out of 2 confirmed' in (
        response.content.decode()
    )
    alice.refresh_from_db()
    assert alice.attendance == Registration.Attendance.NO_SHOW


@pytest.mark.parametrize("status", [Registration.Status.CANCELLED, Registration.Status.PENDING])
def test_cancelled_or_unconfirmed_registrations_cannot_be_marked(client_for, event, status):
    chloe = event.registrations.get(first_name="Chloé")
    Registration.objects.filter(pk=chloe.pk).update(status=status)
    client = client_for("staff")
    mark = url("events:checkin_mark", event.slug, chloe.pk)
    page = client.post(mark, {"attendance": "present"}, follow=True).content.decode()
    expected = {
        Registration.Status.CANCELLED: "This registration is cancelled.",
        Registration.Status.PENDING: "This registration was never confirmed by email.",
    }[status]
    assert expected in page
    html = client.post(
        mark, {"attendance": "present"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert expected in html and 'role="alert"' in html
    assert "0 present out of 2 confirmed" in html
    # Its page at the door says so, with no buttons to press.
    chloe_door = services.checkin_link_issue(registration=chloe)
    html = client.get(url("events:checkin_token", chloe_door)).content.decode()
    assert f"Registration: <strong>{Registration.Status(status).label}</strong>" in html
    assert 'name="attendance"' not in html
    chloe.refresh_from_db()
    assert chloe.attendance == Registration.Attendance.UNKNOWN
    assert chloe.checked_in_at is None


def test_counts_leave_out_cancelled_people_marked_before_they_cancelled(client_for, event):
    Registration.objects.filter(event=event).update(attendance=Registration.Attendance.PRESENT)
    html = client_for("staff").get(url("events:checkin", event.slug)).content.decode()
    assert "2 present out of 2 confirmed" in html


def test_marking_a_registration_of_another_event_is_not_found(client_for, event):
    other = RegistrationFactory()
    response = client_for("staff").post(
        url("events:checkin_mark", event.slug, other.pk), {"attendance": "present"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["member_admin", "member_contact", "other_member"])
def test_check_in_is_for_staff_only(client_for, event, persona):
    alice = event.registrations.get(first_name="Alice")
    client = client_for(persona)
    assert client.get(url("events:checkin", event.slug)).status_code == 403
    response = client.post(
        url("events:checkin_mark", event.slug, alice.pk), {"attendance": "present"}
    )
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.attendance == Registration.Attendance.UNKNOWN


def test_qr_link_opens_that_registration_for_staff(client_for, event):
    bruno = event.registrations.get(first_name="Bruno")
    checkin_token = services.checkin_link_issue(registration=bruno)
    link = url("events:checkin_token", checkin_token)
    html = client_for("staff").get(link).content.decode()
    assert "Bruno Durand" in html and "Alice" not in html
    # The self-cancel token (only in the person's own emails) does not open the door page.
    bruno_token = services.registration_link_issue(registration=bruno)
    assert client_for("staff").get(url("events:checkin_token", bruno_token)).status_code == 404
    # The page's form carries its token back (the server keeps only its hash).
    response = client_for("staff").post(
        url("events:checkin_mark", event.slug, bruno.pk),
        {"attendance": "present", "from": "token", "token": checkin_token},
    )
    assert response["Location"] == link
    anonymous = client_for("anonymous").get(link)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for("member_contact").get(link).status_code == 403


def test_the_confirmation_email_qr_code_holds_the_check_in_link(db, settings):
    from django.core import mail

    from events import tasks

    registration = RegistrationFactory()
    tasks.registration_email_send(registration.pk, services.CONFIRMED)
    body = mail.outbox[0].body
    checkin_token = re.search(r"/check-in/([\w-]+)/", body).group(1)
    token = re.search(r"/registration/([\w-]+)/cancel/", body).group(1)
    assert selectors.registration_for_checkin_link(token=checkin_token) == registration
    assert selectors.registration_for_link(token=token) == registration
    link = url("events:checkin_token", checkin_token)
    assert checkin_token != token
    assert link in body
    # The QR code (checked below to encode `link`) must not carry the self-cancel secret.
    assert token not in link
    png = {name: content for name, content, _type in mail.outbox[0].attachments}["qr.png"]
    # segno is deterministic: the same link gives the same image.
    assert png == services.qr_png(url=settings.SITE_URL + link)


@pytest.mark.parametrize("size", [5, 30])
def test_check_in_query_count_does_not_grow(client_for, django_assert_num_queries, size):
    event = EventFactory()
    for _index in range(size):
        RegistrationFactory(event=event)
    client = client_for("staff")
    # session, user, event, the counts, the page count and rows, the header's "is member".
    with django_assert_num_queries(7):
        response = client.get(url("events:checkin", event.slug))
    assert response.content.decode().count('class="checkin-row card"') == size
