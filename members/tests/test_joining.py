"""Joining: SIREN/SIRET validation, the public application at /join/, duplicate warnings,
and the staff's review queue (approve or reject with a message).

Personas come from the root conftest: staff, member_admin and member_contact of org A,
other_member (admin of org B), anonymous.
"""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import luhn

from members.models import (
    Affiliation,
    ConsentRecord,
    Contact,
    HeadcountBand,
    Invitation,
    Membership,
    MembershipApplication,
    MembershipCategory,
    Organization,
)
from members.selectors import joining as joining_selectors
from members.services import joining, organizations
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from members.tests.factories import application_submitted as submit
from members.tests.fixtures import VALID_SIREN, VALID_SIRET
from members.validators import naf_code_normalise, validate_siren, validate_siret

JOIN = "/fr/join/"
JOIN_EN = "/en/join/"
QUEUE = "/fr/staff/applications/"

REGISTER_MODELS = (
    Organization,
    Contact,
    Affiliation,
    ConsentRecord,
    Membership,
    MembershipApplication,
)


def register_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in REGISTER_MODELS}


def field_errors(html: str, field: str) -> str:
    """The error list rendered next to a form field; fails when there is none."""
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


# --- Validators ------------------------------------------------------------------------


@pytest.mark.parametrize("siren", ["732829320", "552100554", "443061841"])
def test_siren_with_a_correct_luhn_key_is_accepted(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "code"),
    [
        ("732829321", "siren_key"),
        ("732829302", "siren_key"),  # two digits swapped
        ("73282932", "siren_format"),
        ("7328293200", "siren_format"),
        ("73282932A", "siren_format"),
    ],
)
def test_siren_with_a_wrong_key_or_length_is_refused(siren, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert error.value.code == code


@pytest.mark.parametrize("siret", [VALID_SIRET, "44306184100047", "55210055400013"])
def test_siret_with_a_correct_luhn_key_is_accepted(siret):
    validate_siret(siret)


def test_la_poste_siret_is_checked_by_its_own_rule():
    # La Poste's SIRETs fail Luhn; their digits add up to a multiple of 5 instead.
    assert not luhn.is_valid("35600000049837")
    validate_siret("35600000049837")
    with pytest.raises(ValidationError):
        validate_siret("35600000049838")


@pytest.mark.parametrize("siret", ["35600000049832", "35600000049841", "35600000049855"])
def test_la_poste_siret_whose_digits_add_up_to_a_multiple_of_5_is_accepted(siret):
    assert sum(int(digit) for digit in siret) % 5 == 0
    assert not luhn.is_valid(siret)
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["35600000049830", "35600000049831", "35600000049833"])
def test_la_poste_siret_whose_digits_do_not_add_up_to_a_multiple_of_5_is_refused(siret):
    assert sum(int(digit) for digit in siret) % 5
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == "siret_key"


def test_la_poste_head_office_siret_follows_the_luhn_rule():
    # The head office is the one establishment of La Poste whose SIRET has a Luhn key.
    assert sum(int(digit) for digit in "35600000000048") % 5
    validate_siret("35600000000048")


def test_siret_whose_siren_has_a_wrong_key_is_refused():
    # The fourteen digits pass Luhn, but the first nine are no SIREN.
    assert luhn.is_valid("12345670700017")
    with pytest.raises(ValidationError) as error:
        validate_siret("12345670700017")
    assert error.value.code == "siret_key"


@pytest.mark.parametrize("value", ["７３２８２９３２０", "٧٣٢٨٢٩٣٢٠"])
def test_siren_in_other_scripts_digits_is_refused_as_malformed(value):
    with pytest.raises(ValidationError) as error:
        validate_siren(value)
    assert error.value.code == "siren_format"


@pytest.mark.parametrize(
    ("siret", "code"),
    [("73282932000075", "siret_key"), ("7328293200007", "siret_format"), ("", "siret_format")],
)
def test_siret_with_a_wrong_key_or_length_is_refused(siret, code):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == code


@pytest.mark.parametrize(("typed", "stored"), [("62.01Z", "62.01Z"), ("6201z", "62.01Z")])
def test_naf_code_is_stored_as_insee_writes_it(typed, stored):
    assert naf_code_normalise(typed) == stored


@pytest.mark.parametrize("typed", ["620Z", "62.01", "AB.12C", "62.012Z"])
def test_malformed_naf_code_is_refused(typed):
    with pytest.raises(ValidationError):
        naf_code_normalise(typed)


# --- The public application -------------------------------------------------------------


def test_join_page_shows_the_form_to_anonymous_visitors(client, category):
    response = client.get(JOIN)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("organization_name", "siren", "email", "consent_directory", "category"):
        assert f'name="{name}"' in html
    assert "Entreprise" in html


def test_join_creates_the_applicant_and_sends_one_acknowledgement(
    client, join_data, category, django_capture_on_commit_callbacks, today_is
):
    today_is(timezone.localdate().replace(month=1, day=20))
    before = register_counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN_EN, join_data)

    assert response.status_code == 302
    assert response["Location"] == "/en/join/thanks/"
    after = register_counts()
    assert {name: after[name] - before[name] for name in after} == {
        "Organization": 1,
        "Contact": 1,
        "Affiliation": 1,
        "ConsentRecord": 2,
        "Membership": 1,
        "MembershipApplication": 1,
    }
    application = MembershipApplication.objects.select_related(
        "organization", "contact", "membership"
    ).get()
    organization = application.organization
    assert organization.lifecycle == Organization.Lifecycle.APPLICANT
    assert organization.slug == "gamma-robotique"
    assert (organization.siren, organization.siret) == (VALID_SIREN, VALID_SIRET)
    assert organization.naf_code == "62.01Z"
    assert organization.department == "31"
    assert organization.website == "https://gamma-robotique.example"
    assert application.status == MembershipApplication.Status.PENDING
    assert application.category == category
    contact = application.contact
    assert contact.email == "gaelle.garnier@gamma-robotique.example"
    assert contact.preferred_language == "en"
    affiliation = Affiliation.objects.get(contact=contact)
    assert affiliation.position == Affiliation.Position.MAIN_CONTACT
    assert affiliation.access == Affiliation.Access.ADMIN
    consents = {(c.purpose, c.granted, c.source, c.text_version) for c in contact.consents.all()}
    assert consents == {
        ("directory", True, "web_form", joining.JOIN_CONSENT_TEXT_VERSION),
        ("newsletter", True, "web_form", joining.JOIN_CONSENT_TEXT_VERSION),
    }
    membership = application.membership
    year = timezone.localdate().year
    assert membership.status == Membership.Status.APPLIED
    assert (membership.period_start.isoformat(), membership.period_end.isoformat()) == (
        f"{year}-01-01",
        f"{year}-12-31",
    )

    # The acknowledgement, and the double opt-in of the newsletter the box asked for.
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if "We received the application" in m.subject)
    assert message.to == ["gaelle.garnier@gamma-robotique.example"]
    assert "We received the application of Gamma Robotique" in message.subject
    confirmation = next(m for m in mail.outbox if m is not message)
    assert "/en/newsletter/confirm/" in confirmation.body
    # The subscription itself is communications' (communications/tests/test_join_newsletter.py).
    assert "Hello Gaëlle" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert client.get(response["Location"]).status_code == 200


def test_join_gives_a_taken_name_a_new_slug(client, join_data):
    OrganizationFactory(name="Gamma Robotique", slug="gamma-robotique")
    client.post(JOIN, join_data)
    assert Organization.objects.filter(slug="gamma-robotique-2").exists()


def test_institution_may_apply_without_a_siren(client, join_data):
    join_data.update(kind=Organization.Kind.RESEARCH_LAB, siren="", siret="")
    response = client.post(JOIN, join_data)
    assert response.status_code == 302
    assert Organization.objects.get().siren == ""


def test_siret_alone_gives_the_siren(client, join_data):
    join_data.update(kind=Organization.Kind.UNIVERSITY, siren="")
    client.post(JOIN, join_data)
    assert Organization.objects.get().siren == VALID_SIREN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siren", "732829321", "check digit is wrong"),
        ("siren", "7328293", "exactly 9 digits"),
        ("siren", "", "SIREN is required for a company"),
        ("siret", "73282932000075", "check digit is wrong"),
        ("siret", "55210055400013", "must start with the SIREN"),
        ("naf_code", "62-01", "4 digits and a letter"),
        ("postal_code", "3100", "5 digits"),
        ("email", "not-an-address", "valid email"),
        ("organization_name", "", "required"),
        ("consent_directory", "", "need your agreement"),
    ],
)
def test_join_with_a_bad_field_explains_it_next_to_the_field_and_creates_nothing(
    client, join_data, field, value, message, django_capture_on_commit_callbacks
):
    join_data[field] = value
    if field == "consent_directory":
        del join_data[field]
    before = register_counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN_EN, join_data)

    assert response.status_code == 200
    assert message in field_errors(response.content.decode(), field)
    assert register_counts() == before
    assert mail.outbox == []


def test_join_refuses_a_category_closed_to_applications(client, join_data, category):
    category.is_active = False
    category.save()
    MembershipCategory.objects.create(name_fr="Start-up", slug="start-up")
    response = client.post(JOIN_EN, join_data)
    assert response.status_code == 200
    field_errors(response.content.decode(), "category")
    assert not Organization.objects.exists()


def test_join_filled_by_a_robot_pretends_success_and_stores_nothing(
    client, join_data, django_capture_on_commit_callbacks
):
    join_data["nickname"] = "cheap-pills"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN, join_data)
    assert response.status_code == 302
    assert response["Location"] == "/fr/join/thanks/"
    assert register_counts() == dict.fromkeys(register_counts(), 0)
    assert mail.outbox == []


# --- Duplicate warnings -----------------------------------------------------------------


def test_duplicates_find_the_same_siren(db):
    existing = OrganizationFactory(siren=VALID_SIREN)
    application = submit()
    assert joining_selectors.application_duplicates(application=application) == [
        joining_selectors.Duplicate(organization=existing, reason="siren")
    ]


def test_duplicates_find_people_at_the_same_email_domain(db):
    existing = OrganizationFactory()
    AffiliationFactory(
        organization=existing, contact=ContactFactory(email="paul@Gamma-Robotique.example")
    )
    AffiliationFactory(
        organization=existing, contact=ContactFactory(email="lea@gamma-robotique.example")
    )
    application = submit(siren="")
    assert joining_selectors.application_duplicates(application=application) == [
        joining_selectors.Duplicate(organization=existing, reason="email_domain")
    ]


def test_an_organization_matching_both_ways_is_listed_once(db):
    existing = OrganizationFactory(siren=VALID_SIREN)
    AffiliationFactory(
        organization=existing, contact=ContactFactory(email="paul@gamma-robotique.example")
    )
    duplicates = joining_selectors.application_duplicates(application=submit())
    assert [d.reason for d in duplicates] == ["siren"]


@pytest.mark.parametrize("domain", ["gmail.com", "orange.fr", "free.fr", "wanadoo.fr"])
def test_webmail_domains_raise_no_duplicate_warning(db, domain):
    other = OrganizationFactory()
    AffiliationFactory(organization=other, contact=ContactFactory(email=f"paul@{domain}"))
    application = submit(siren="", email=f"gaelle@{domain}")
    assert joining_selectors.application_duplicates(application=application) == []


def test_review_page_warns_about_duplicates_without_merging(client_for, personas):
    existing = OrganizationFactory(name="Gamma Historique", siren=VALID_SIREN)
    application = submit()
    response = client_for("staff").get(f"{QUEUE}{application.pk}/")
    html = response.content.decode()
    assert "Gamma Historique" in html
    assert "alert--warning" in html
    assert Organization.objects.filter(siren=VALID_SIREN).count() == 2
    existing.refresh_from_db()
    assert existing.name == "Gamma Historique"


# --- Staff review -----------------------------------------------------------------------


@pytest.fixture
def application(db, category, today_is) -> MembershipApplication:
    # The first month of a membership year: the first period is a full year at full dues
    # (later days are prorated, see test_first_period).
    today_is(timezone.localdate().replace(month=1, day=10))
    return submit(category=category, preferred_language="en")


def test_review_page_prefills_the_dues_from_the_fee_grid(client_for, personas, application):
    response = client_for("staff").get(f"{QUEUE}{application.pk}/")
    html = response.content.decode()
    assert re.search(r'name="approve-dues_amount"[^>]*value="900', html), html


def test_staff_approval_makes_a_member_and_invites_the_main_contact(
    client_for, personas, application, django_capture_on_commit_callbacks
):
    client = client_for("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{QUEUE}{application.pk}/",
            {
                "action": "approve",
                "approve-category": application.category.pk,
                "approve-dues_amount": "",
                "approve-message": "Welcome aboard, see you at the general assembly.",
            },
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.reviewed_by == personas.staff
    membership = application.membership
    assert membership.status == Membership.Status.APPROVED
    assert membership.dues_amount == Decimal("900.00")  # fee grid: company, 10 to 49
    assert Organization.objects.get(pk=application.organization_id).lifecycle == "member"

    invitation = Invitation.objects.get(organization=application.organization)
    assert invitation.email == "gaelle@gamma-robotique.example"
    assert invitation.access == Affiliation.Access.ADMIN
    assert invitation.language == "en"
    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _ in recipients] == ["gaelle@gamma-robotique.example"] * 2
    invitation_mail = next(m for m in mail.outbox if "/accounts/invitation/" in m.body)
    decision_mail = next(m for m in mail.outbox if m is not invitation_mail)
    assert "/en/accounts/invitation/" in invitation_mail.body
    assert "Welcome to the cluster, Gamma Robotique" in decision_mail.subject
    assert "Welcome aboard, see you at the general assembly." in decision_mail.body
    assert "900.00" in decision_mail.body
    assert decision_mail.alternatives[0][1] == "text/html"


def test_staff_may_override_the_fee_grid_amount(personas, application):
    joining.application_approve(
        application=application, reviewer=personas.staff, dues_amount=Decimal("150"), message=""
    )
    application.membership.refresh_from_db()
    assert application.membership.dues_amount == Decimal("150.00")


def test_approval_without_fee_grid_line_asks_for_the_amount(client_for, personas, application):
    Organization.objects.filter(pk=application.organization_id).update(
        headcount_band=HeadcountBand.LARGE
    )
    response = client_for("staff").post(
        f"{QUEUE}{application.pk}/",
        {"action": "approve", "approve-category": application.category.pk},
    )
    assert response.status_code == 200
    assert "saisissez-le" in field_errors(response.content.decode(), "approve-dues_amount")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_rejection_needs_a_message(client_for, personas, application):
    response = client_for("staff").post(
        f"{QUEUE}{application.pk}/", {"action": "reject", "reject-message": ""}
    )
    assert response.status_code == 200
    field_errors(response.content.decode(), "reject-message")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_staff_rejection_mails_the_message_to_the_applicant(
    client_for, personas, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff").post(
            f"{QUEUE}{application.pk}/",
            {"action": "reject", "reject-message": "Your head office is outside our region."},
        )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert application.membership.status == Membership.Status.REJECTED
    assert application.organization.lifecycle == Organization.Lifecycle.PROSPECT
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gaelle@gamma-robotique.example"]
    assert "Your head office is outside our region." in mail.outbox[0].body
    assert "outside our region" in mail.outbox[0].alternatives[0][0]


def test_a_decided_application_cannot_be_decided_again(
    client_for, personas, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        joining.application_approve(
            application=application, reviewer=personas.staff, dues_amount=Decimal(900), message=""
        )
    with pytest.raises(joining.ApplicationError):
        joining.application_reject(application=application, reviewer=personas.staff, message="No")
    with pytest.raises(joining.ApplicationError):
        joining.application_approve(
            application=application, reviewer=personas.staff, dues_amount=Decimal(1), message=""
        )
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(
            f"{QUEUE}{application.pk}/", {"action": "reject", "reject-message": "No."}, follow=True
        )
    assert "déjà été traitée" in response.content.decode()
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.membership.dues_amount == Decimal("900.00")
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("persona", ["member_admin", "member_contact", "other_member"])
def test_members_cannot_approve_applications(client_for, persona, application):
    response = client_for(persona).post(
        f"{QUEUE}{application.pk}/",
        {"action": "approve", "approve-category": application.category.pk},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_anonymous_visitors_are_sent_to_login_from_the_queue(client, application):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- The queue --------------------------------------------------------------------------


def test_queue_lists_pending_applications_first(client_for, personas, category):
    decided = submit(name="Ancienne Candidature", email="a@ancienne.example")
    joining.application_reject(application=decided, reviewer=personas.staff, message="No.")
    submit(name="Nouvelle Candidature", email="b@nouvelle.example")
    html = client_for("staff").get(QUEUE).content.decode()
    assert html.index("Nouvelle Candidature") < html.index("Ancienne Candidature")
    filtered = client_for("staff").get(QUEUE + "?status=rejected").content.decode()
    assert "Ancienne Candidature" in filtered
    assert "Nouvelle Candidature" not in filtered


@pytest.mark.parametrize("size", [1, 12])
def test_queue_query_count_does_not_grow_with_the_list(
    client_for, personas, category, django_assert_num_queries, size
):
    for number in range(size):
        submit(name=f"Candidate {number}", email=f"p{number}@c{number}.example", category=category)
    client = client_for("staff")
    # Session, user, the animator's "seen" time, the layout's "is a member contact?", the
    # count, the page of applications with their organization, contact and category.
    with django_assert_num_queries(6):
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.content.decode().count("/staff/applications/") >= size


# --- Rate limit and slug races on /join/ -------------------------------------------------


def test_join_refuses_more_applications_per_hour_from_one_address(client, join_data):
    for _visit in range(10):
        assert client.get(JOIN_EN).status_code == 200  # reading the form counts for nothing
    for number in range(joining.JOIN_SUBMISSIONS_PER_HOUR):
        response = client.post(JOIN_EN, {**join_data, "organization_name": f"Gamma {number}"})
        assert response.status_code == 302
    response = client.post(JOIN_EN, {**join_data, "organization_name": "Gamma One More"})

    assert response.status_code == 429
    assert "Too many applications were sent from your connection" in response.content.decode()
    assert 'value="Gamma One More"' in response.content.decode()  # nothing typed is lost
    assert MembershipApplication.objects.count() == joining.JOIN_SUBMISSIONS_PER_HOUR
    other = client.post(
        JOIN_EN, {**join_data, "organization_name": "Elsewhere"}, REMOTE_ADDR="203.0.113.9"
    )
    assert other.status_code == 302


def test_join_limit_reads_the_address_from_the_proxy_header_when_configured(
    client, join_data, settings
):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    for number in range(joining.JOIN_SUBMISSIONS_PER_HOUR):
        response = client.post(
            JOIN_EN,
            {**join_data, "organization_name": f"Gamma {number}"},
            HTTP_X_REAL_IP="198.51.100.7",
        )
        assert response.status_code == 302
    # Same proxy (REMOTE_ADDR), another visitor: still welcome.
    response = client.post(
        JOIN_EN, {**join_data, "organization_name": "Delta"}, HTTP_X_REAL_IP="198.51.100.8"
    )
    assert response.status_code == 302
    response = client.post(
        JOIN_EN, {**join_data, "organization_name": "Epsilon"}, HTTP_X_REAL_IP="198.51.100.7"
    )
    assert response.status_code == 429


def test_a_spoofed_left_entry_of_x_forwarded_for_does_not_bypass_the_join_limit(
    client, join_data, settings
):
    # The proxy appends the address it sees; what the client sent stands left of it.
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for number in range(joining.JOIN_SUBMISSIONS_PER_HOUR):
        response = client.post(
            JOIN_EN,
            {**join_data, "organization_name": f"Gamma {number}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}, 198.51.100.7",
        )
        assert response.status_code == 302
    response = client.post(
        JOIN_EN,
        {**join_data, "organization_name": "Epsilon"},
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7",
    )
    assert response.status_code == 429
    # Another visitor behind the same proxy, claiming the first one's address: welcome.
    response = client.post(
        JOIN_EN,
        {**join_data, "organization_name": "Delta"},
        HTTP_X_FORWARDED_FOR="198.51.100.7, 198.51.100.8",
    )
    assert response.status_code == 302


def test_join_limit_counts_only_applications_that_could_be_stored(client, join_data):
    for _attempt in range(joining.JOIN_SUBMISSIONS_PER_HOUR + 1):
        response = client.post(JOIN_EN, {**join_data, "postal_code": "31"})
        assert response.status_code == 200
    assert client.post(JOIN_EN, join_data).status_code == 302


def test_join_rate_limit_window_ends_with_the_hour(client, join_data):
    from django.core.cache import cache

    for number in range(joining.JOIN_SUBMISSIONS_PER_HOUR + 1):
        client.post(JOIN_EN, {**join_data, "organization_name": f"Gamma {number}"})
    # The count expires an hour after the first submission, in Redis as in production.
    key = cache.make_and_validate_key("members:join:submissions:127.0.0.1")
    assert 3500 < cache._cache.get_client(key).ttl(key) <= 3600
    cache.delete("members:join:submissions:127.0.0.1")
    assert client.post(JOIN_EN, {**join_data, "organization_name": "Later"}).status_code == 302


def test_join_survives_another_application_taking_the_slug_at_the_same_moment(
    client, join_data, monkeypatch
):
    real = organizations.organization_slug_unique
    chosen = []

    def slug_taken_meanwhile(*, name: str) -> str:
        slug = real(name=name)
        chosen.append(slug)
        if len(chosen) == 1:
            # The other application commits this slug between our check and our insert.
            OrganizationFactory(name=name, slug=slug)
        return slug

    monkeypatch.setattr(organizations, "organization_slug_unique", slug_taken_meanwhile)
    response = client.post(JOIN, join_data)

    assert response.status_code == 302
    assert chosen == ["gamma-robotique", "gamma-robotique-2"]
    application = MembershipApplication.objects.select_related("organization").get()
    assert application.organization.slug == "gamma-robotique-2"
    assert Organization.objects.filter(name="Gamma Robotique").count() == 2


def test_a_slug_lost_at_every_attempt_gets_a_random_suffix(db, monkeypatch):
    real = organizations.organization_slug_unique

    def always_taken(*, name: str) -> str:
        slug = real(name=name)
        OrganizationFactory(slug=slug)
        return slug

    monkeypatch.setattr(organizations, "organization_slug_unique", always_taken)
    application = submit()
    assert re.fullmatch(r"gamma-robotique-4-[0-9a-f]{6}", application.organization.slug)


# --- Emails are sent once ---------------------------------------------------------------


@pytest.fixture
def smtp_fails(monkeypatch):
    """smtp_fails(error): the next email raises `error` instead of reaching the outbox."""
    from django.core.mail.backends.locmem import EmailBackend

    def arm(error: Exception):
        real = EmailBackend.send_messages
        calls = []

        def send_messages(self, messages):
            calls.append(messages)
            if len(calls) == 1:
                raise error
            return real(self, messages)

        monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
        return calls

    return arm


def test_acknowledgement_is_mailed_once_however_often_the_task_runs(application):
    from core.models import SentEmail
    from members import tasks

    tasks.application_acknowledge_send(application.pk)
    tasks.application_acknowledge_send(application.pk)
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().key == f"application:{application.pk}:received"


def test_decision_is_mailed_once_however_often_the_task_runs(personas, application):
    from members import tasks

    joining.application_reject(application=application, reviewer=personas.staff, message="No.")
    tasks.application_decision_send(application.pk)
    tasks.application_decision_send(application.pk)
    assert len(mail.outbox) == 1
    assert "No." in mail.outbox[0].body


def test_acknowledgement_task_retries_an_smtp_error_raised_before_sending(application, smtp_fails):
    import smtplib

    from core.models import SentEmail
    from members import tasks

    attempts = smtp_fails(smtplib.SMTPConnectError(421, b"Service not available"))
    # Run as a worker would, retries included (eagerly, without their delay).
    result = tasks.application_acknowledge_send.apply(args=[application.pk], throw=False)

    assert result.successful()
    assert len(attempts) == 2
    assert len(mail.outbox) == 1
    record = SentEmail.objects.get()
    assert (record.status, record.attempts) == (SentEmail.Status.SENT, 2)


def test_acknowledgement_task_retries_a_connect_timeout_and_sends_once(application, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from core.models import SentEmail
    from members import tasks

    real_open, opened = EmailBackend.open, []

    def open_times_out_once(self):
        opened.append(self)
        if len(opened) == 1:
            raise TimeoutError("timed out")
        return real_open(self)

    monkeypatch.setattr(EmailBackend, "open", open_times_out_once)
    result = tasks.application_acknowledge_send.apply(args=[application.pk], throw=False)

    assert result.successful()
    assert len(opened) == 2
    assert len(mail.outbox) == 1
    record = SentEmail.objects.get()
    assert (record.status, record.attempts) == (SentEmail.Status.SENT, 2)


def test_decision_task_does_not_retry_an_error_after_the_message_may_have_left(
    personas, application, smtp_fails
):
    import smtplib

    from core.models import SentEmail
    from members import tasks

    joining.application_reject(application=application, reviewer=personas.staff, message="No.")
    attempts = smtp_fails(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    result = tasks.application_decision_send.apply(args=[application.pk], throw=False)
    assert result.failed()
    assert isinstance(result.result, smtplib.SMTPServerDisconnected)
    tasks.application_decision_send(application.pk)

    assert len(attempts) == 1
    assert mail.outbox == []
    assert SentEmail.objects.get().status == SentEmail.Status.SENDING
