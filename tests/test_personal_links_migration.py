"""The migrations that moved personal links to core.links keep the links already emailed
working: member invitations (their SHA-256 is copied), registration and check-in links
(their clear tokens are hashed), survey invitations (the HMAC-derived token's SHA-256 is
copied). The schema is taken back to before them, rows are written the old way, and the
migrations run forward again."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.crypto import salted_hmac

BEFORE = [
    ("core", "0006_user_session_generation"),
    ("members", "0009_import_job_lease"),
    ("events", "0004_upload_content_checked"),
    ("surveys", "0002_public_link_confirmed_emails"),
]


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_links_emailed_before_the_move_keep_working():
    old = _migrate(BEFORE)
    try:
        tokens = _write_old_rows(old)
    finally:
        _migrate(_latest())

    from events import selectors as event_selectors
    from members.selectors import invitations as invitation_selectors
    from surveys import selectors as survey_selectors

    invitation = invitation_selectors.invitation_find(token=tokens["invitation"])
    assert invitation is not None and invitation.email == "nina@example.org"
    assert invitation_selectors.invitation_find(token=tokens["expired_invitation"]) is None

    registration = event_selectors.registration_for_link(token=tokens["registration"])
    assert registration is not None and registration.email == "gina@example.org"
    assert event_selectors.registration_for_checkin_link(token=tokens["checkin"]) == registration
    assert event_selectors.registration_for_link(token=tokens["checkin"]) is None
    # Links of an event long over are not carried over: they would have expired.
    assert event_selectors.registration_for_link(token=tokens["old_registration"]) is None

    survey_invitation = survey_selectors.invitation_for_token(tokens["survey"])
    assert survey_invitation is not None and survey_invitation.email == "sam@example.org"


def _write_old_rows(old) -> dict[str, str]:
    now = timezone.now()
    Organization = old.get_model("members", "Organization")
    Invitation = old.get_model("members", "Invitation")
    organization = Organization.objects.create(name="Alpha", slug="alpha")
    Invitation.objects.create(
        organization=organization,
        email="nina@example.org",
        first_name="Nina",
        last_name="N",
        token_hash=_sha256("invitation-token"),
        expires_at=now + datetime.timedelta(days=3),
    )
    Invitation.objects.create(
        organization=organization,
        email="old@example.org",
        first_name="Olga",
        last_name="O",
        token_hash=_sha256("expired-invitation-token"),
        expires_at=now - datetime.timedelta(days=1),
    )

    Event = old.get_model("events", "Event")
    Registration = old.get_model("events", "Registration")
    soon = now + datetime.timedelta(days=10)
    event = Event.objects.create(
        title_fr="Réunion",
        slug="reunion",
        kind="monthly_meeting",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
    )
    Registration.objects.create(
        event=event,
        email="gina@example.org",
        first_name="Gina",
        last_name="G",
        status="confirmed",
        token="registration-token",
        checkin_token="checkin-token",
    )
    long_ago = now - datetime.timedelta(days=200)
    past = Event.objects.create(
        title_fr="Ancienne",
        slug="ancienne",
        kind="monthly_meeting",
        starts_at=long_ago,
        ends_at=long_ago + datetime.timedelta(hours=2),
    )
    Registration.objects.create(
        event=past,
        email="gina@example.org",
        first_name="Gina",
        last_name="G",
        status="confirmed",
        token="old-registration-token",
        checkin_token="old-checkin-token",
    )

    Survey = old.get_model("surveys", "Survey")
    SurveyInvitation = old.get_model("surveys", "Invitation")
    survey = Survey.objects.create(title_fr="Satisfaction", slug="satisfaction", status="open")
    invitation = SurveyInvitation.objects.create(
        survey=survey, email="sam@example.org", token_hash="placeholder"
    )
    # The old scheme: an HMAC of the invitation under the secret key, its SHA-256 stored.
    survey_token = salted_hmac(
        "surveys.Invitation", f"{invitation.pk}:{survey.pk}", algorithm="sha256"
    ).hexdigest()
    SurveyInvitation.objects.filter(pk=invitation.pk).update(token_hash=_sha256(survey_token))
    return {
        "invitation": "invitation-token",
        "expired_invitation": "expired-invitation-token",
        "registration": "registration-token",
        "checkin": "checkin-token",
        "old_registration": "old-registration-token",
        "survey": survey_token,
    }
