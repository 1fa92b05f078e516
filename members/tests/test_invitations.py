"""Invitations: the service that creates, emails, finds and accepts them, and the pages around.

Personas come from the root conftest: staff, member_admin and member_contact of org A,
other_member (admin of org B), anonymous.
"""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from core.models import PersonalLink
from core.tests.database import assert_nowhere_in_database
from core.tests.factories import TEST_PASSWORD, UserFactory
from members import services
from members.models import Affiliation, Contact, Invitation
from members.selectors import invitations as invitation_selectors
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory

User = get_user_model()

NEWCOMER = "nina.nouvelle@example.org"
STRONG_PASSWORD = "Verger-lumineux-2031"
FRENCH_CATALOG = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


def _token_from(message) -> str:
    match = re.search(r"/accounts/invitation/([A-Za-z0-9_-]+)/", message.body)
    assert match, message.body
    return match.group(1)


def _french(message: str) -> str:
    """What the French pages show for `message` (English until the catalog translates it)."""
    with override("fr"):
        return gettext(message)


def _field_errors(html: str, field: str) -> str:
    """The error list rendered beside a form field, which must exist."""
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


def _input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def _accept_url(token: str, language: str = "fr") -> str:
    return f"/{language}/accounts/invitation/{token}/"


@pytest.fixture
def invite(personas, django_capture_on_commit_callbacks):
    """invite(**overrides) → (invitation, token): created by staff, its email sent."""

    def make(**overrides):
        fields = {
            "organization": personas.org_a,
            "email": NEWCOMER,
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "access": Affiliation.Access.CONTACT,
            "language": "fr",
            "invited_by": personas.staff,
            **overrides,
        }
        sent_before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(**fields)
        assert len(mail.outbox) == sent_before + 1
        return invitation, _token_from(mail.outbox[-1])

    return make


# --- invitation_create ------------------------------------------------------------------


def test_invitation_create_stores_only_the_sha256_of_the_token(invite):
    invitation, token = invite()

    invitation.refresh_from_db()
    link = invitation.links.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = model_to_dict(invitation, fields=[f.name for f in Invitation._meta.fields])
    assert not [name for name, value in stored.items() if token in str(value)]
    assert PersonalLink.objects.filter(token_hash=token).count() == 0
    assert_nowhere_in_database(token)


def test_invitation_expires_fourteen_days_after_creation(invite):
    invitation, _ = invite()

    expected = timezone.now() + timedelta(days=14)
    assert abs(invitation.expires_at - expected) < timedelta(minutes=1)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_a_retried_invitation_task_sends_once_and_a_new_invitation_sends_again(invite):
    from core.models import SentEmail
    from members.tasks import invitation_send

    invitation, token = invite()
    invitation_send(invitation.pk)
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key__startswith=f"invitation:{invitation.pk}:").count() == 1

    invite()  # the staff sends the invitation again: a new link, a new email
    assert len(mail.outbox) == 2


def test_invitation_email_is_text_and_html_in_english_with_link_on_site_url(invite, settings):
    settings.SITE_URL = "https://portail.cluster.test"
    mail.outbox.clear()

    invitation, token = invite(language="en")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEWCOMER]
    assert message.subject == (
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + "Your access to Alpha Numérique's member space"
    )
    assert [alternative.mimetype for alternative in message.alternatives] == ["text/html"]
    html = message.alternatives[0].content
    link = f"https://portail.cluster.test/en/accounts/invitation/{token}/"
    for body in (message.body, html):
        assert "Hello Nina," in body
        assert "You are invited to the member space of" in body
        assert link in body
    assert f'href="{link}"' in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_invitation_link_is_in_the_invitation_language(invite, language):
    _, token = invite(language=language)

    message = mail.outbox[-1]
    link = settings.SITE_URL + _accept_url(token, language)
    assert link in message.body
    assert link in message.alternatives[0].content


def test_french_invitation_email_is_worded_in_french(invite):
    if not FRENCH_CATALOG.exists():
        pytest.skip(f"French translations are not compiled yet ({FRENCH_CATALOG} is missing)")
    invite(language="fr")

    message = mail.outbox[-1]
    subject = _french("Your access to %(name)s's member space") % {"name": "Alpha Numérique"}
    greeting = _french("Hello %(first_name)s,") % {"first_name": "Nina"}
    assert greeting != "Hello Nina,", "the invitation greeting is not translated"
    assert message.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    assert greeting in message.body
    assert greeting in message.alternatives[0].content
    assert "Your access to" not in message.subject


def test_invitation_plain_text_email_keeps_apostrophes_and_ampersands(invite):
    organization = OrganizationFactory(name="L'Atelier & Fils")

    invite(organization=organization, first_name="Zoé d'Arc", language="en")

    message = mail.outbox[-1]
    assert message.subject.endswith("Your access to L'Atelier & Fils's member space")
    assert "Hello Zoé d'Arc," in message.body
    assert "for L'Atelier & Fils." in message.body


def test_reinviting_the_same_address_revokes_the_earlier_link(invite, client):
    first, old_token = invite()
    second, new_token = invite(first_name="Nina-Marie")

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert list(Invitation.objects.pending().filter(email=NEWCOMER)) == [second]
    old_page = client.get(_accept_url(old_token))
    assert old_page.status_code == 410
    assert _french("Invitation no longer valid") in old_page.content.decode()
    assert client.get(_accept_url(new_token)).status_code == 200


def test_inviting_the_same_address_to_another_organization_keeps_both_links(personas, invite):
    first, _ = invite(organization=personas.org_a)
    invite(organization=personas.org_b)

    first.refresh_from_db()
    assert first.revoked_at is None


@pytest.mark.parametrize("email", ["contact@alpha.test", "  Contact@ALPHA.test "])
def test_inviting_a_person_already_affiliated_with_a_login_raises(
    personas, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.InvitationError):
            services.invitation_create(
                organization=personas.org_a,
                email=email,
                first_name="Camille",
                last_name="Contact",
                access=Affiliation.Access.CONTACT,
                language="fr",
                invited_by=personas.staff,
            )

    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- invitation_accept and invitation_find ----------------------------------------------


def test_invitation_accept_creates_login_contact_and_affiliation_for_a_new_address(
    personas, invite
):
    invitation, _ = invite(access=Affiliation.Access.ADMIN, language="en")

    user = services.invitation_accept(invitation=invitation, password=STRONG_PASSWORD)

    user.refresh_from_db()
    assert user.email == NEWCOMER
    assert user.check_password(STRONG_PASSWORD)
    assert (user.first_name, user.last_name, user.preferred_language) == ("Nina", "Nouvelle", "en")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (NEWCOMER, True, True)
    contact = Contact.objects.get(user=user)
    assert (contact.email, contact.first_name, contact.last_name) == (NEWCOMER, "Nina", "Nouvelle")
    affiliation = Affiliation.objects.get(contact=contact)
    assert affiliation.organization == personas.org_a
    assert affiliation.access == Affiliation.Access.ADMIN
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitation_cannot_be_accepted_twice(invite):
    invitation, _ = invite()
    services.invitation_accept(invitation=invitation, password=STRONG_PASSWORD)

    with pytest.raises(services.InvitationError):
        services.invitation_accept(invitation=invitation, password="Autre-mot-de-passe-99")

    assert User.objects.filter(email=NEWCOMER).count() == 1
    assert User.objects.get(email=NEWCOMER).check_password(STRONG_PASSWORD)
    assert Affiliation.objects.filter(contact__email=NEWCOMER).count() == 1


def test_invitation_accept_links_the_existing_contact_without_login(personas, invite):
    known = ContactFactory(email="Nina.Nouvelle@Example.org", first_name="Nina", user=None)
    AffiliationFactory(contact=known, organization=personas.org_b)
    contacts_before = Contact.objects.count()
    invitation, _ = invite()

    user = services.invitation_accept(invitation=invitation, password=STRONG_PASSWORD)

    assert Contact.objects.count() == contacts_before
    known.refresh_from_db()
    assert known.user == user
    assert set(known.affiliations.values_list("organization", flat=True)) == {
        personas.org_a.pk,
        personas.org_b.pk,
    }


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ({}, True),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, False),
        ({"revoked_at": timezone.now()}, False),
        ({"accepted_at": timezone.now()}, False),
    ],
    ids=["pending", "expired", "revoked", "accepted"],
)
def test_invitation_find_returns_only_usable_invitations(invite, change, found):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(**change)

    assert (invitation_selectors.invitation_find(token=token) == invitation) is found
    assert invitation_selectors.invitation_find(token=token + "x") is None


# --- inviting from the back-office and from the member space ----------------------------

STAFF_INVITE_URL = "/fr/staff/organizations/alpha-numerique/invite/"
SPACE_INVITE_URL = "/fr/space/organizations/alpha-numerique/invite/"
INVITE_FORM = {
    "first_name": "Nina",
    "last_name": "Nouvelle",
    "email": NEWCOMER,
    "language": "en",
    "access": Affiliation.Access.ADMIN,
}


def test_staff_invites_a_contact_from_the_back_office(
    personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for("staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STAFF_INVITE_URL, INVITE_FORM)

    assert response.status_code == 302
    assert response["Location"] == STAFF_INVITE_URL
    expected = _french("Invitation sent to %(email)s.") % {"email": NEWCOMER}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [expected]
    invitation = Invitation.objects.get()
    assert (invitation.organization, invitation.email) == (personas.org_a, NEWCOMER)
    assert (invitation.language, invitation.access) == ("en", Affiliation.Access.ADMIN)
    assert invitation.invited_by == personas.staff
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [NEWCOMER]
    assert _accept_url(_token_from(mail.outbox[0]), "en") in mail.outbox[0].body


def test_staff_invite_with_an_invalid_email_shows_the_error_next_to_the_field(
    personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for("staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STAFF_INVITE_URL, {**INVITE_FORM, "email": "pas-une-adresse"})

    assert response.status_code == 200
    html = response.content.decode()
    with override("fr"):
        invalid = str(EmailValidator.message)
    assert escape(invalid) in _field_errors(html, "email")
    assert 'aria-invalid="true"' in _input_tag(html, "email")
    assert 'aria-invalid="true"' not in _input_tag(html, "first_name")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_staff_invite_of_someone_already_in_the_organization_shows_an_error_and_sends_nothing(
    personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for("staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STAFF_INVITE_URL, {**INVITE_FORM, "email": "contact@alpha.test"})

    assert response.status_code == 200
    html = response.content.decode()
    error = _french("This person already has access to this organization.")
    assert escape(error) in _field_errors(html, "email")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_organization_admin_invites_a_colleague_from_the_member_space(
    personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for("member_admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SPACE_INVITE_URL, INVITE_FORM)

    assert response.status_code == 302
    assert response["Location"] == SPACE_INVITE_URL
    invitation = Invitation.objects.get()
    assert invitation.organization == personas.org_a
    assert invitation.invited_by == personas.member_admin
    assert [message.to for message in mail.outbox] == [[NEWCOMER]]
    page = client.get(SPACE_INVITE_URL)
    assert NEWCOMER in page.content.decode()


@pytest.mark.parametrize("persona", ["member_contact", "other_member"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_organizations_admins_reach_its_invite_page(
    personas, client_for, persona, method, django_capture_on_commit_callbacks
):
    client = client_for(persona)

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(SPACE_INVITE_URL, INVITE_FORM)

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- the accept page --------------------------------------------------------------------


def _expected_password_errors(password: str) -> list[str]:
    with override("fr"):
        try:
            validate_password(password, user=User(email=NEWCOMER))
        except ValidationError as error:
            return error.messages
    return []


def test_accept_page_shows_the_password_form(invite, client):
    _, token = invite()

    response = client.get(_accept_url(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="password"' in _input_tag(html, "password1")
    assert 'type="password"' in _input_tag(html, "password2")
    assert NEWCOMER in html
    assert "Alpha Numérique" in html


def test_accept_with_different_passwords_shows_an_error_and_creates_no_user(invite, client):
    _, token = invite()

    response = client.post(
        _accept_url(token), {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD + "!"}
    )

    assert response.status_code == 200
    errors = _field_errors(response.content.decode(), "password2")
    assert escape(_french("The two passwords differ.")) in errors
    assert not User.objects.filter(email=NEWCOMER).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("password", ["Court-1", "azertyuiop"], ids=["too-short", "too-common"])
def test_accept_with_a_weak_password_shows_the_validators_error(invite, client, password):
    expected = _expected_password_errors(password)
    assert expected, "the password should be refused by the project's validators"
    _, token = invite()

    response = client.post(_accept_url(token), {"password1": password, "password2": password})

    assert response.status_code == 200
    errors = _field_errors(response.content.decode(), "password2")
    for message in expected:
        assert escape(message) in errors
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_accept_logs_the_person_in_and_the_link_then_stops_working(invite, client):
    _, token = invite()

    response = client.post(
        _accept_url(token), {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/space/"
    space = client.get("/fr/space/")
    assert space.status_code == 200
    assert space.wsgi_request.user.email == NEWCOMER
    assert "Alpha Numérique" in space.content.decode()
    assert client.get(_accept_url(token)).status_code == 410
    client.logout()
    assert client.get(_accept_url(token)).status_code == 410


@pytest.fixture
def admin_invited_to_org_b(personas, invite):
    """member_admin (who has a login, in org A) invited by staff into org B."""
    return invite(organization=personas.org_b, email="admin@alpha.test", first_name="Ada")


def _sees_org_b(client) -> bool:
    return "Beta Logiciels" in client.get("/fr/space/").content.decode()


def test_existing_login_invitation_asks_an_anonymous_visitor_to_sign_in(
    personas, client, admin_invited_to_org_b
):
    invitation, token = admin_invited_to_org_b

    response = client.get(_accept_url(token))
    posted = client.post(_accept_url(token), {"password1": "x", "password2": "x"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/fr/accounts/login/?next={_accept_url(token)}"' in html
    assert 'name="password1"' not in html
    assert posted.status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Affiliation.objects.filter(
        organization=personas.org_b, contact__user=personas.member_admin
    ).exists()
    assert personas.member_admin.check_password(TEST_PASSWORD)


def test_existing_login_invitation_is_not_accepted_by_another_signed_in_user(
    personas, client_for, admin_invited_to_org_b
):
    invitation, token = admin_invited_to_org_b
    client = client_for("member_contact")

    response = client.post(_accept_url(token))

    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert set(Affiliation.objects.filter(organization=personas.org_b)) == set(
        personas.other_member.contact.affiliations.all()
    )
    assert not _sees_org_b(client)


def test_existing_login_invitation_is_accepted_by_its_signed_in_owner(
    personas, client_for, admin_invited_to_org_b
):
    invitation, token = admin_invited_to_org_b
    client = client_for("member_admin")
    assert not _sees_org_b(client)

    response = client.post(_accept_url(token))

    assert response.status_code == 302
    assert response["Location"] == "/fr/space/"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert _sees_org_b(client)
    assert personas.member_admin.contact.affiliations.count() == 2
    assert client.get(_accept_url(token)).status_code == 410


# --- query budgets ----------------------------------------------------------------------


def _member_of(organization_count: int, colleagues_each: int):
    user = UserFactory()
    contact = ContactFactory(user=user, email=user.email)
    for _ in range(organization_count):
        organization = OrganizationFactory()
        AffiliationFactory(contact=contact, organization=organization)
        AffiliationFactory.create_batch(colleagues_each, organization=organization)
    return user


@pytest.mark.parametrize(("organizations", "colleagues"), [(1, 1), (3, 10)])
def test_space_dashboard_query_count_does_not_grow_with_organizations_or_colleagues(
    db, client, django_assert_num_queries, organizations, colleagues
):
    user = _member_of(organizations, colleagues)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    # session, user, member_required's "is a member" check, the user's affiliations with
    # their organizations, every colleague with their contact (one query for all
    # organizations), the memberships of all the organizations, the home's surveys,
    # registrations, documents and news, the header's "is a member" check.
    with django_assert_num_queries(11):
        response = client.get("/fr/space/")

    assert response.status_code == 200
    assert response.content.decode().count('<section class="card"') == organizations
    assert response.content.decode().count("<tr><td>") == organizations * (colleagues + 1)


def test_a_second_submission_of_a_used_invitation_gets_the_invalid_page(db, client, monkeypatch):
    from members.models import Invitation

    organization = OrganizationFactory()
    invitation = Invitation.objects.create(
        organization=organization,
        email="double@example.org",
        first_name="Dora",
        last_name="Double",
        expires_at=timezone.now() + timedelta(days=1),
        accepted_at=timezone.now(),
    )
    # The page was opened before the first submission used the invitation.
    monkeypatch.setattr(invitation_selectors, "invitation_find", lambda *, token: invitation)
    response = client.post(
        "/fr/accounts/invitation/tok/",
        {"password1": "Un-mot-de-passe-solide-42", "password2": "Un-mot-de-passe-solide-42"},
    )
    assert response.status_code == 410
