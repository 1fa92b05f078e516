import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from core.tests.factories import TEST_PASSWORD
from members.models import (
    Affiliation,
    ConsentRecord,
    Contact,
    Interaction,
    Invitation,
    WorkingGroup,
    WorkingGroupMember,
)
from members.services import consents
from members.tests.factories import ContactFactory
from portal.services import personal_data

pytestmark = pytest.mark.django_db

MY_DATA = reverse("portal:space_my_data")
EXPORT = reverse("portal:space_my_data_export")


# Consents


def test_each_consent_change_is_a_new_record_from_the_member_space(personas, client_for):
    client = client_for("member_contact")
    client.post(MY_DATA, {"purpose": "newsletter", "granted": "1"})
    client.post(MY_DATA, {"purpose": "newsletter", "granted": "0"})
    records = ConsentRecord.objects.filter(contact=personas.member_contact.contact).order_by(
        "recorded_at", "pk"
    )
    assert [(r.purpose, r.granted) for r in records] == [
        ("newsletter", True),
        ("newsletter", False),
    ]
    assert {r.source for r in records} == {ConsentRecord.Source.MEMBER_SPACE}
    assert {r.text_version for r in records} == {consents.CONSENT_TEXT_VERSION}


def test_the_newsletter_answer_on_my_data_subscribes_and_unsubscribes_the_address(
    personas, client_for
):
    from communications.models import Subscriber

    client = client_for("member_contact")
    email = personas.member_contact.contact.email
    client.post(MY_DATA, {"purpose": "newsletter", "granted": "1"})
    assert Subscriber.objects.get(email__iexact=email).status == Subscriber.Status.CONFIRMED
    client.post(MY_DATA, {"purpose": "newsletter", "granted": "0"})
    assert Subscriber.objects.get(email__iexact=email).status == Subscriber.Status.UNSUBSCRIBED


def test_repeating_the_answer_in_force_records_nothing(personas, client_for):
    client = client_for("member_contact")
    for _click in range(3):
        client.post(MY_DATA, {"purpose": "event_photos", "granted": "1"})
    assert ConsentRecord.objects.filter(contact=personas.member_contact.contact).count() == 1


def test_an_unknown_purpose_records_nothing(personas, client_for):
    response = client_for("member_contact").post(MY_DATA, {"purpose": "spam", "granted": "1"})
    assert response.status_code == 302
    assert not ConsentRecord.objects.exists()


def test_the_page_shows_the_latest_answer_per_purpose(personas, client_for):
    contact = personas.member_contact.contact
    for granted in (True, False):
        consents.consent_change(
            contact=contact,
            purpose="directory",
            granted=granted,
            source=ConsentRecord.Source.STAFF,
            text_version="v0",
        )
    response = client_for("member_contact").get(MY_DATA)
    directory_row = next(c for c in response.context["consents"] if c["purpose"] == "directory")
    assert directory_row["answer"].state == "refused"
    assert directory_row["answer"].granted is False
    newsletter_row = next(c for c in response.context["consents"] if c["purpose"] == "newsletter")
    assert newsletter_row["answer"].state == "not_asked"


# Export


def test_the_export_holds_the_persons_data_and_nothing_of_anyone_else(personas, client_for):
    me = personas.member_contact.contact
    someone = ContactFactory(first_name="Zoé", last_name="Étrangère", email="zoe@ailleurs.test")
    ConsentRecord.objects.create(
        contact=someone, purpose="newsletter", granted=True, source="web_form", text_version="x"
    )
    consents.consent_change(
        contact=me,
        purpose="newsletter",
        granted=True,
        source=ConsentRecord.Source.MEMBER_SPACE,
        text_version=consents.CONSENT_TEXT_VERSION,
    )
    group = WorkingGroup.objects.create(name_fr="IA", slug="ia")
    WorkingGroupMember.objects.create(group=group, contact=me, status="accepted")
    WorkingGroupMember.objects.create(group=group, contact=someone, status="accepted")
    shared = Interaction.objects.create(
        organization=personas.org_a, kind="meeting", summary="Réunion de lancement"
    )
    shared.contacts.set([me, someone])
    Interaction.objects.create(
        organization=personas.org_a, kind="note", summary="Note sans rapport"
    ).contacts.set([someone])

    response = client_for("member_contact").get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert list(data)[:2] == ["format", "exported_at"]
    assert set(data) >= {
        "account",
        "contact",
        "affiliations",
        "consents_in_force",
        "consents",
        "working_groups",
        "interactions",
        "survey_responses",
        "survey_invitations",
        "survey_drafts",
        "event_registrations",
        "debate_topics",
        "debate_votes",
        "newsletter_subscriptions",
        "newsletter_deliveries",
        "press_download_requests",
        "membership_applications",
        "documents_uploaded",
        "emails_sent",
    }
    assert data["account"]["email"] == personas.member_contact.email
    assert data["contact"]["id"] == me.pk
    assert [a["organization_slug"] for a in data["affiliations"]] == [personas.org_a.slug]
    assert [(c["purpose"], c["granted"]) for c in data["consents"]] == [("newsletter", True)]
    assert [g["group_slug"] for g in data["working_groups"]] == ["ia"]
    assert [i["summary"] for i in data["interactions"]] == ["Réunion de lancement"]
    text = response.content.decode()
    for foreign in ("Zoé", "Étrangère", "zoe@ailleurs.test", "Note sans rapport"):
        assert foreign not in text


def _survey_with_answers(contact, *, anonymous=False):
    """A survey the contact answered: a rating, a written answer and a choice."""
    from surveys.models import Answer, Question, Response
    from surveys.tests.factories import QuestionFactory, SurveyFactory, invitation_for

    survey = SurveyFactory(title_fr="Satisfaction", title_en="Satisfaction", is_anonymous=anonymous)
    rating = QuestionFactory(survey=survey, text_fr="Note", text_en="Note")
    comment = QuestionFactory(
        survey=survey, kind=Question.Kind.LONG_TEXT, text_fr="Avis", text_en="Avis"
    )
    yes_no = QuestionFactory(
        survey=survey, kind=Question.Kind.YES_NO, text_fr="Revenir", text_en="Revenir"
    )
    invitation = invitation_for(survey, contact)
    response = Response.objects.create(
        survey=survey,
        invitation=None if anonymous else invitation,
        contact=None if anonymous else contact,
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=rating, value_int=4),
            Answer(response=response, question=comment, value_text="Signé Martine Dupuis"),
            Answer(response=response, question=yes_no, value_text="yes"),
        ]
    )
    return survey, invitation


def test_the_export_holds_the_persons_surveys_registrations_and_subscription(personas):
    from communications.models import Subscriber
    from events.tests.factories import GuestRegistrationFactory, RegistrationFactory

    me = personas.member_contact.contact
    _survey_with_answers(me)
    _survey_with_answers(me, anonymous=True)
    RegistrationFactory(contact=me, event__title_fr="Assemblée", event__title_en="Assemblée")
    # Registered as a guest with the same address, before having an account.
    GuestRegistrationFactory(email=me.email.lower(), attendance="present")
    GuestRegistrationFactory()
    Subscriber.objects.create(email=me.email.lower(), status="confirmed", source="footer")
    Subscriber.objects.create(email="autre@ailleurs.test", status="confirmed", source="footer")

    with translation.override("en"):
        data = personal_data.personal_data_export(contact=me)

    assert data["format"] == "cluster-portal-personal-data/3"
    # The anonymous survey's response is not linked to anyone: it cannot be exported.
    assert [(r["survey"], r["answers"]) for r in data["survey_responses"]] == [
        (
            "Satisfaction",
            [
                {"question": "Note", "value": "4"},
                {"question": "Avis", "value": "Signé Martine Dupuis"},
                {"question": "Revenir", "value": "Yes"},
            ],
        )
    ]
    assert data["survey_responses"][0]["submitted_at"]
    registrations = data["event_registrations"]
    assert [(r["event"], r["status"], r["attendance"]) for r in registrations] == [
        ("Assemblée", "confirmed", "unknown"),
        (registrations[1]["event"], "confirmed", "present"),
    ]
    assert [(s["email"], s["status"]) for s in data["newsletter_subscriptions"]] == [
        (me.email.lower(), "confirmed")
    ]
    assert "autre@ailleurs.test" not in json.dumps(data)


def test_erasure_reaches_surveys_registrations_and_newsletters(personas):
    from communications.models import Delivery, Newsletter, Subscriber
    from events.models import Registration
    from events.tests.factories import EventFactory, GuestRegistrationFactory, RegistrationFactory
    from surveys.models import Answer, Invitation, Response, ResponseDraft

    me = personas.member_contact.contact
    email = me.email.lower()
    survey, invitation = _survey_with_answers(me)
    anonymous_survey, anonymous_invitation = _survey_with_answers(me, anonymous=True)
    other_survey, other_invitation = _survey_with_answers(ContactFactory())
    ResponseDraft.objects.create(invitation=invitation, answers={"1": "brouillon"})
    event = EventFactory()
    RegistrationFactory(contact=me, event=event, status="confirmed", attendance="present")
    guest = GuestRegistrationFactory(email=email, status="cancelled")
    GuestRegistrationFactory(event=event, email="autre@ailleurs.test")
    subscriber = Subscriber.objects.create(email=email, status="confirmed", source="footer")
    Subscriber.objects.create(email="autre@ailleurs.test", status="confirmed", source="footer")
    newsletters = [
        Newsletter.objects.create(subject_fr=f"Lettre {n}", body_fr="Bonjour", slug=f"l-{n}")
        for n in range(2)
    ]
    for newsletter in newsletters:
        Delivery.objects.create(
            newsletter=newsletter, email=email, name="Martine", subscriber=subscriber, status="sent"
        )
        Delivery.objects.create(newsletter=newsletter, email="autre@ailleurs.test", status="sent")

    personal_data.contact_erase(contact=me, erased_by=personas.staff)

    # Surveys: the response stays counted, without the person or their words.
    response = Response.objects.get(survey=survey)
    assert response.contact is None
    answers = {a.question.text_fr: a for a in response.answers.select_related("question")}
    assert answers["Note"].value_int == 4
    assert answers["Revenir"].value_text == "yes"
    assert answers["Avis"].value_text == ""
    invitation.refresh_from_db()
    anonymous_invitation.refresh_from_db()
    assert invitation.email.endswith("@invalid") and email not in invitation.email
    assert anonymous_invitation.email.endswith("@invalid")
    assert not ResponseDraft.objects.exists()
    # Anonymous responses and other people's answers are untouched.
    anonymous_answers = Answer.objects.filter(response__survey=anonymous_survey)
    assert "Signé Martine Dupuis" in {a.value_text for a in anonymous_answers}
    assert Answer.objects.filter(
        response__survey=other_survey, value_text="Signé Martine Dupuis"
    ).exists()
    assert Invitation.objects.get(pk=other_invitation.pk).email == other_invitation.email

    # Events: counts hold, nothing names the person.
    mine = Registration.objects.filter(Q(contact=me) | Q(pk=guest.pk))
    assert sorted((r.status, r.attendance) for r in mine) == [
        ("cancelled", "unknown"),
        ("confirmed", "present"),
    ]
    for registration in mine:
        assert registration.email == f"erased-registration-{registration.pk}@invalid"
        assert registration.last_name == f"#{me.pk}"
    assert Registration.objects.filter(email="autre@ailleurs.test").exists()

    # Newsletters: the subscription is gone, each delivery stays without the address.
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["autre@ailleurs.test"]
    assert Delivery.objects.count() == 4
    erased = Delivery.objects.exclude(email="autre@ailleurs.test")
    assert {d.newsletter_id for d in erased} == {n.pk for n in newsletters}
    assert {(d.name, d.status) for d in erased} == {("", "sent")}
    assert all(d.email.endswith("@invalid") and email not in d.email for d in erased)


def test_a_login_without_contact_has_no_data_page(personas, client_for):
    client = client_for("staff")
    assert client.get(MY_DATA).status_code == 404
    assert client.get(EXPORT).status_code == 404


# Erasure


def _erase_url(contact):
    return reverse("portal:staff_contact_erase", args=[contact.pk])


def test_erasure_anonymises_the_person_and_closes_their_login(personas, client_for):
    user = personas.member_contact
    contact = user.contact
    old_email, old_last_name = user.email, contact.last_name
    Invitation.objects.create(
        organization=personas.org_b,
        email=old_email,
        first_name=contact.first_name,
        last_name=old_last_name,
        expires_at="2099-01-01T00:00Z",
    )
    ConsentRecord.objects.create(
        contact=contact, purpose="newsletter", granted=True, source="web_form", text_version="v"
    )
    victim_client = client_for("member_contact")
    assert victim_client.get(reverse("portal:space_dashboard")).status_code == 200

    staff_client = client_for("staff")
    assert staff_client.get(_erase_url(contact)).status_code == 200
    response = staff_client.post(_erase_url(contact))
    assert response.status_code == 200
    assert response.context["contact"].anonymised_at is not None

    contact.refresh_from_db()
    user.refresh_from_db()
    assert (contact.first_name, contact.last_name) == ("Contact anonymisé", f"#{contact.pk}")
    assert contact.email == contact.phone == contact.job_title == ""
    assert contact.anonymised_at is not None
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@invalid") and old_email not in user.email
    assert not EmailAddress.objects.filter(user=user).exists()
    assert authenticate(email=old_email, password=TEST_PASSWORD) is None
    # History stays counted; the consent records stay as proof, with no one named.
    assert Affiliation.objects.filter(contact=contact).count() == 1
    assert ConsentRecord.objects.filter(contact=contact).count() == 1
    invitation = Invitation.objects.get(organization=personas.org_b)
    assert old_email not in invitation.email and invitation.last_name != old_last_name
    assert invitation.revoked_at is not None
    # The name no longer shows in the staff's contacts list.
    listing = staff_client.get(reverse("members:staff_contacts")).content.decode()
    assert old_last_name not in listing
    assert old_email not in listing


def test_an_erased_person_is_signed_out_and_cannot_sign_in(personas, client):
    user = personas.member_contact
    email = user.email
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    personal_data.contact_erase(contact=user.contact, erased_by=personas.staff)
    response = client.get(reverse("portal:space_dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
    assert client.get(reverse("portal:space_dashboard")).status_code == 302


def test_staff_accounts_are_not_erased_from_the_member_register(personas, client_for):
    contact = ContactFactory(user=personas.staff)
    response = client_for("staff").post(_erase_url(contact))
    assert response.status_code == 200
    assert "administration Django" in response.content.decode()
    contact.refresh_from_db()
    assert contact.anonymised_at is None
    personas.staff.refresh_from_db()
    assert personas.staff.is_active


def test_members_cannot_erase_anyone(personas, client_for):
    contact = personas.member_contact.contact
    assert client_for("member_admin").post(_erase_url(contact)).status_code == 403
    assert Contact.objects.get(pk=contact.pk).anonymised_at is None


@pytest.mark.parametrize("changes", [2, 12])
def test_my_data_query_count_does_not_grow_with_the_consent_history(
    personas, client_for, django_assert_num_queries, changes
):
    client = client_for("member_contact")
    for number in range(changes):
        client.post(MY_DATA, {"purpose": "directory", "granted": str(number % 2)})
    # Session, user, the contact, its consent history, the newsletter subscriber and the
    # latest newsletter consent (the newsletter answer), the layout's "is a member contact?".
    with django_assert_num_queries(7):
        response = client.get(MY_DATA)
    assert response.status_code == 200
