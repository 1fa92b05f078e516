"""Members' annual statements: their figures on a small hand-built year, the batch's fixed
number of queries, the yearly build and the PDFs kept once rendered."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Membership, MembershipCategory, WorkingGroup, WorkingGroupMember
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from reports import tasks
from reports.models import MemberStatement
from reports.selectors.statements import statement_display, statement_figures, statements_figures
from reports.services import statements as statement_services
from surveys.models import Response
from surveys.tests.factories import SurveyFactory

PARIS = ZoneInfo("Europe/Paris")
PRESENT = Registration.Attendance.PRESENT
NO_SHOW = Registration.Attendance.NO_SHOW


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("UTC"))


def _event(title_fr, title_en, starts_at, **fields):
    return EventFactory(title_fr=title_fr, title_en=title_en, starts_at=starts_at, **fields)


def _member(group, contact, *, decided_at=None, requested_at=None, status="accepted"):
    return WorkingGroupMember.objects.create(
        group=group,
        contact=contact,
        status=status,
        decided_at=decided_at,
        requested_at=requested_at or utc(2024, 1, 1),
    )


def _answer(survey, organization, day, contact=None):
    return Response.objects.create(
        survey=survey, organization=organization, contact=contact, submitted_on=day
    )


@pytest.fixture
def year_2025(db, category):
    """Alpha and Beta's 2025, with what must be left out next to what counts.

    Alpha's people: Anne, Bruno, Chloé; Dominique works for both Alpha and Beta; Béatrice
    for Beta."""
    alpha = OrganizationFactory(name="Alpha", slug="alpha")
    beta = OrganizationFactory(name="Beta", slug="beta")
    anne, bruno, chloe, dominique, beatrice = (
        ContactFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org")
        for first, last in [
            ("Anne", "Aubertin"),
            ("Bruno", "Berthelot"),
            ("Chloé", "Chassagne"),
            ("Dominique", "Delahaye"),
            ("Béatrice", "Bonnefoy"),
        ]
    )
    for contact in (anne, bruno, chloe, dominique):
        AffiliationFactory(contact=contact, organization=alpha)
    for contact in (dominique, beatrice):
        AffiliationFactory(contact=contact, organization=beta)

    # 00:15 on New Year's Day in Paris is still 2024 in UTC: it belongs to 2025.
    new_year = _event(
        "Vœux du Nouvel An",
        "New Year wishes",
        paris(2025, 1, 1, 0, 15),
        kind=Event.Kind.NETWORKING,
    )
    visit = _event("Visite de l'usine Gamma", "", paris(2025, 6, 10, 9), kind="company_visit")
    cancelled = _event(
        "Atelier annulé", "Cancelled workshop", paris(2025, 3, 1, 14), cancelled_at=utc(2025, 2, 1)
    )
    # 23:30 on New Year's Eve in Paris: 2024, the year compared with.
    last_year = _event("Réunion de décembre", "December meeting", paris(2024, 12, 31, 23, 30))
    next_year = _event("Réunion de janvier", "January meeting", paris(2026, 1, 1, 0, 30))

    def register(event, contact, organization, **fields):
        return RegistrationFactory(
            event=event, contact=contact, organization=organization, **fields
        )

    register(new_year, anne, alpha, attendance=PRESENT)
    register(new_year, bruno, alpha, attendance=NO_SHOW)
    register(new_year, chloe, alpha)  # attendance not recorded
    register(new_year, beatrice, beta, attendance=PRESENT)
    register(visit, anne, alpha, attendance=PRESENT)
    register(visit, dominique, beta, attendance=PRESENT)  # came for Beta
    register(visit, bruno, None, attendance=PRESENT)  # came on their own account
    register(visit, chloe, alpha, status=Registration.Status.CANCELLED)
    register(cancelled, anne, alpha)
    register(last_year, anne, alpha, attendance=PRESENT)
    register(last_year, bruno, alpha, attendance=PRESENT)
    register(next_year, anne, alpha, attendance=PRESENT)
    waitlisted = EventFactory(starts_at=paris(2025, 9, 1, 10))
    register(waitlisted, anne, alpha, status=Registration.Status.WAITLISTED)

    industry = WorkingGroup.objects.create(
        name_fr="Industrie du futur", name_en="Future industry", slug="industrie"
    )
    cyber = WorkingGroup.objects.create(
        name_fr="Cybersécurité", name_en="Cybersecurity", slug="cyber"
    )
    purchasing = WorkingGroup.objects.create(name_fr="Achats", name_en="", slug="achats")
    _member(industry, anne, decided_at=utc(2025, 2, 1))
    _member(industry, bruno)  # accepted before decision dates were kept: requested in 2024
    _member(industry, dominique, decided_at=utc(2024, 3, 1))
    _member(industry, chloe, status="requested")
    _member(cyber, anne, decided_at=utc(2026, 1, 10))  # joined after the year
    _member(cyber, beatrice, decided_at=utc(2025, 5, 1))
    _member(purchasing, chloe, status="declined", decided_at=utc(2025, 1, 5))
    for starts_at, cancelled_at in [
        (paris(2025, 3, 10, 9), None),
        (paris(2025, 9, 10, 9), None),
        (paris(2025, 11, 10, 9), utc(2025, 11, 1)),
        (paris(2024, 9, 10, 9), None),
    ]:
        EventFactory(working_group=industry, starts_at=starts_at, cancelled_at=cancelled_at)
    EventFactory(working_group=cyber, starts_at=paris(2025, 4, 4, 9))

    satisfaction = SurveyFactory(title_fr="Satisfaction 2025", title_en="2025 satisfaction")
    anonymous = SurveyFactory(title_fr="Baromètre anonyme", is_anonymous=True)
    training = SurveyFactory(title_fr="Besoins en formation", title_en="")
    events_survey = SurveyFactory(title_fr="Bilan des événements", title_en="Events review")
    _answer(satisfaction, alpha, date(2025, 3, 5), bruno)
    _answer(satisfaction, alpha, date(2025, 3, 2), anne)
    _answer(anonymous, None, date(2025, 4, 1))
    _answer(training, alpha, date(2024, 12, 20), anne)
    _answer(training, beta, date(2025, 10, 1), beatrice)
    _answer(events_survey, alpha, date(2025, 11, 15), chloe)

    start_up = MembershipCategory.objects.create(
        name_fr="Jeune pousse", name_en="", slug="jeune-pousse"
    )
    Membership.objects.create(
        organization=alpha,
        category=category,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        status=Membership.Status.EXPIRED,
        dues_amount=Decimal("900.00"),
    )
    Membership.objects.create(
        organization=alpha,
        category=category,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=Membership.Status.ACTIVE,
        dues_amount=Decimal("1250.50"),
        invoiced_on=date(2025, 1, 10),
        paid_on=date(2025, 2, 3),
    )
    Membership.objects.create(
        organization=alpha,
        category=category,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        status=Membership.Status.APPROVED,
    )
    for status in (Membership.Status.APPLIED, Membership.Status.REJECTED):
        Membership.objects.create(
            organization=beta,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            status=status,
        )
    Membership.objects.create(
        organization=beta,
        category=start_up,
        period_start=date(2025, 7, 1),
        period_end=date(2026, 6, 30),
        status=Membership.Status.ACTIVE,
    )
    return alpha, beta


ALPHA_2025 = {
    "schema": 1,
    "year": 2025,
    "events": [
        {
            "date": "2025-01-01",
            "title_fr": "Vœux du Nouvel An",
            "title_en": "New Year wishes",
            "kind": "networking",
            "registered": 3,
            "present": 1,
        },
        {
            "date": "2025-06-10",
            "title_fr": "Visite de l'usine Gamma",
            "title_en": "",
            "kind": "company_visit",
            "registered": 1,
            "present": 1,
        },
    ],
    "totals": {"registrations": 4, "present": 2, "no_shows": 1, "events": 2},
    "previous": {"year": 2024, "registrations": 2, "present": 2, "no_shows": 0, "events": 1},
    "groups": [
        {
            "slug": "industrie",
            "name_fr": "Industrie du futur",
            "name_en": "Future industry",
            "people": 3,
            "meetings": 2,
        }
    ],
    "surveys": [
        {
            "title_fr": "Satisfaction 2025",
            "title_en": "2025 satisfaction",
            "date": "2025-03-02",
            "responses": 2,
        },
        {
            "title_fr": "Bilan des événements",
            "title_en": "Events review",
            "date": "2025-11-15",
            "responses": 1,
        },
    ],
    "dues": [
        {
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "category_fr": "Entreprise",
            "category_en": "Company",
            "amount": 1250.5,
            "invoiced_on": "2025-01-10",
            "paid_on": "2025-02-03",
            "status": "active",
        }
    ],
    "is_empty": False,
}

BETA_2025 = {
    "schema": 1,
    "year": 2025,
    "events": [
        {
            "date": "2025-01-01",
            "title_fr": "Vœux du Nouvel An",
            "title_en": "New Year wishes",
            "kind": "networking",
            "registered": 1,
            "present": 1,
        },
        {
            "date": "2025-06-10",
            "title_fr": "Visite de l'usine Gamma",
            "title_en": "",
            "kind": "company_visit",
            "registered": 1,
            "present": 1,
        },
    ],
    "totals": {"registrations": 2, "present": 2, "no_shows": 0, "events": 2},
    "previous": {"year": 2024, "registrations": 0, "present": 0, "no_shows": 0, "events": 0},
    # Dominique counts for Beta too: a person working for both is one of each one's people.
    "groups": [
        {
            "slug": "cyber",
            "name_fr": "Cybersécurité",
            "name_en": "Cybersecurity",
            "people": 1,
            "meetings": 1,
        },
        {
            "slug": "industrie",
            "name_fr": "Industrie du futur",
            "name_en": "Future industry",
            "people": 1,
            "meetings": 2,
        },
    ],
    "surveys": [
        {
            "title_fr": "Besoins en formation",
            "title_en": "",
            "date": "2025-10-01",
            "responses": 1,
        }
    ],
    "dues": [
        {
            "period_start": "2025-07-01",
            "period_end": "2026-06-30",
            "category_fr": "Jeune pousse",
            "category_en": "",
            "amount": None,
            "invoiced_on": None,
            "paid_on": None,
            "status": "active",
        }
    ],
    "is_empty": False,
}


def test_statement_figures_of_a_hand_built_year(year_2025):
    alpha, _beta = year_2025
    assert statement_figures(organization=alpha, year=2025) == ALPHA_2025


def test_batch_gives_each_organization_its_own_figures(year_2025):
    alpha, beta = year_2025
    quiet = OrganizationFactory(name="Quiet")
    figures = statements_figures(organizations=[alpha, beta, quiet], year=2025)
    assert figures == {
        alpha.pk: ALPHA_2025,
        beta.pk: BETA_2025,
        quiet.pk: {
            "schema": 1,
            "year": 2025,
            "events": [],
            "totals": {"registrations": 0, "present": 0, "no_shows": 0, "events": 0},
            "previous": {
                "year": 2024,
                "registrations": 0,
                "present": 0,
                "no_shows": 0,
                "events": 0,
            },
            "groups": [],
            "surveys": [],
            "dues": [],
            "is_empty": True,
        },
    }


def test_figures_name_no_person(year_2025):
    alpha, _beta = year_2025
    text = str(statement_figures(organization=alpha, year=2025))
    for contact in alpha.contacts.all():
        assert contact.last_name not in text
        assert contact.email not in text


def test_statements_figures_of_no_organization_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert statements_figures(organizations=[], year=2025) == {}


def _grow(organizations: int, *, seed: int):
    """Organizations each with two people, two events, registrations, a group, an answer and
    a membership in 2025 and a registration in 2024."""
    grown = []
    group = WorkingGroup.objects.create(name_fr=f"Groupe {seed}", slug=f"groupe-{seed}")
    survey = SurveyFactory()
    for number in range(organizations):
        organization = OrganizationFactory()
        people = [ContactFactory(), ContactFactory()]
        for contact in people:
            AffiliationFactory(contact=contact, organization=organization)
            _member(group, contact, decided_at=utc(2025, 1, 1))
        for month in (3, 9):
            event = EventFactory(starts_at=paris(2025, month, 1 + number, 10), working_group=group)
            for contact in people:
                RegistrationFactory(event=event, contact=contact, organization=organization)
        old = EventFactory(starts_at=paris(2024, 5, 1 + number, 10))
        RegistrationFactory(event=old, contact=people[0], organization=organization)
        _answer(survey, organization, date(2025, 6, 1))
        Membership.objects.create(
            organization=organization,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            status=Membership.Status.ACTIVE,
        )
        grown.append(organization)
    return grown


def test_batch_takes_five_queries_whatever_the_data(db, django_assert_num_queries):
    # Attendance of the year, attendance of the year before, groups with their meetings
    # (a subquery), surveys, memberships with their categories.
    few = _grow(2, seed=1)
    with django_assert_num_queries(5):
        small = statements_figures(organizations=few, year=2025)
    many = few + _grow(12, seed=2)
    with django_assert_num_queries(5):
        large = statements_figures(organizations=many, year=2025)
    # The data did grow: the figures of the later organizations are not empty.
    assert small[few[0].pk]["totals"] == {
        "registrations": 4,
        "present": 0,
        "no_shows": 0,
        "events": 2,
    }
    assert large[many[-1].pk]["totals"]["registrations"] == 4
    assert large[many[-1].pk]["previous"]["registrations"] == 1
    assert large[many[-1].pk]["groups"][0]["people"] == 2
    assert len(large) == 14


def test_display_names_things_in_the_reader_language(year_2025):
    alpha, _beta = year_2025
    figures = statement_figures(organization=alpha, year=2025)
    with translation.override("en"):
        shown = statement_display(figures=figures)
        assert [event["title"] for event in shown["events"]] == [
            "New Year wishes",
            # No English title: the French one stands in, marked as such.
            "Visite de l'usine Gamma",
        ]
        assert shown["events"][1]["title"].language == "fr"
        assert shown["events"][0]["kind"] == "Networking lunch or dinner"
        assert shown["dues"][0]["category"] == "Company"
        assert shown["dues"][0]["status_label"] == "Active"
        assert shown["dues"][0]["paid_on"] == date(2025, 2, 3)
    shown = statement_display(figures=figures)
    assert shown["groups"][0]["name"] == "Industrie du futur"
    assert shown["dues"][0]["status_label"] == "En cours"


# --- Building -------------------------------------------------------------------------


def _membership(organization, start, end, status):
    return Membership.objects.create(
        organization=organization, period_start=start, period_end=end, status=status
    )


def test_build_year_builds_the_organizations_that_were_members_that_year(db):
    active = OrganizationFactory(name="Active in 2025")
    _membership(active, date(2025, 1, 1), date(2025, 12, 31), Membership.Status.ACTIVE)
    overlapping = OrganizationFactory(name="Expired mid-2025")
    _membership(overlapping, date(2024, 7, 1), date(2025, 6, 30), Membership.Status.EXPIRED)
    twice = OrganizationFactory(name="Two memberships in 2025")
    _membership(twice, date(2024, 3, 1), date(2025, 2, 28), Membership.Status.EXPIRED)
    _membership(twice, date(2025, 3, 1), date(2026, 2, 28), Membership.Status.ACTIVE)
    left_before = OrganizationFactory(name="Left in 2024")
    _membership(left_before, date(2024, 1, 1), date(2024, 12, 31), Membership.Status.EXPIRED)
    joined_after = OrganizationFactory(name="Joined in 2026")
    _membership(joined_after, date(2026, 1, 1), date(2026, 12, 31), Membership.Status.ACTIVE)
    unpaid = OrganizationFactory(name="Approved, never paid")
    _membership(unpaid, date(2025, 1, 1), date(2025, 12, 31), Membership.Status.APPROVED)
    resigned = OrganizationFactory(name="Resigned")
    _membership(resigned, date(2025, 1, 1), date(2025, 12, 31), Membership.Status.RESIGNED)
    applied = OrganizationFactory(name="Applied")
    _membership(applied, date(2025, 1, 1), date(2025, 12, 31), Membership.Status.APPLIED)
    OrganizationFactory(name="Never a member")

    # Batches of two: the seven candidates' four members span two batches. Approved with
    # its dues unpaid is a member all the same, as the annual report counts it.
    assert statement_services.statements_build_year(year=2025, batch_size=2) == 4

    built = MemberStatement.objects.filter(year=2025)
    assert sorted(statement.organization.name for statement in built) == [
        "Active in 2025",
        "Approved, never paid",
        "Expired mid-2025",
        "Two memberships in 2025",
    ]
    assert not MemberStatement.objects.exclude(year=2025).exists()
    assert built.get(organization=active).figures["dues"][0]["status"] == "active"
    assert len(built.get(organization=twice).figures["dues"]) == 2


def test_build_year_again_replaces_the_figures_and_drops_the_pdfs(
    year_2025, django_capture_on_commit_callbacks
):
    alpha, beta = year_2025
    statement = statement_services.statement_build(organization=alpha, year=2025)
    pdf = statement_services.statement_pdf(statement=statement, language="fr")
    storage, name = pdf.storage, pdf.name
    assert storage.exists(name)
    Registration.objects.filter(organization=alpha).update(attendance=PRESENT)

    with django_capture_on_commit_callbacks(execute=True):
        count = statement_services.statements_build_year(year=2025)

    assert count == 2  # Alpha and Beta: active in 2025
    statement.refresh_from_db()
    assert statement.figures["totals"]["present"] == 4
    assert not statement.pdf_fr
    assert not storage.exists(name)
    assert MemberStatement.objects.filter(year=2025).count() == 2


def test_statement_build_creates_then_updates_one_statement(
    year_2025, django_capture_on_commit_callbacks
):
    alpha, _beta = year_2025
    first = statement_services.statement_build(organization=alpha, year=2025)
    assert first.figures == ALPHA_2025
    english = statement_services.statement_pdf(statement=first, language="en")
    storage, name = english.storage, english.name

    Registration.objects.filter(organization=alpha, attendance=NO_SHOW).delete()
    with django_capture_on_commit_callbacks(execute=True):
        second = statement_services.statement_build(organization=alpha, year=2025)

    assert second.pk == first.pk
    assert MemberStatement.objects.count() == 1
    assert second.figures["totals"]["no_shows"] == 0
    assert second.built_at >= first.built_at
    assert not second.pdf_en
    assert not storage.exists(name)


def test_statement_build_kept_pdfs_when_rolled_back(year_2025, django_capture_on_commit_callbacks):
    alpha, _beta = year_2025
    statement = statement_services.statement_build(organization=alpha, year=2025)
    pdf = statement_services.statement_pdf(statement=statement, language="fr")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                statement_services.statement_build(organization=alpha, year=2025)
                raise RuntimeError("the build failed later")
        except RuntimeError:
            pass
    assert callbacks == []
    statement.refresh_from_db()
    assert statement.pdf_fr.name == pdf.name
    assert pdf.storage.exists(pdf.name)


def test_task_builds_the_year_just_ended_by_default(year_2025, today_is):
    today_is(date(2026, 1, 3))
    assert tasks.statements_build() == 2
    assert set(MemberStatement.objects.values_list("year", flat=True)) == {2025}
    assert tasks.statements_build(2024) == 1  # Alpha's expired 2024 membership
    assert MemberStatement.objects.get(year=2024).organization.slug == "alpha"


# --- The PDF ---------------------------------------------------------------------------


@pytest.fixture
def rendered_languages(monkeypatch):
    """The language active, and the HTML, each time the service renders a PDF."""
    from reports.services import statements as module

    real = module.pdf_render
    calls = []

    def spy(*, template, context, request=None):
        calls.append((translation.get_language(), render_to_string(template, context)))
        return real(template=template, context=context, request=request)

    monkeypatch.setattr(module, "pdf_render", spy)
    return calls


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Bilan annuel 2025", "Vœux du Nouvel An", "Industrie du futur", "1\xa0250,50"]),
        ("en", ["Annual statement 2025", "New Year wishes", "Future industry", "1,250.50"]),
    ],
)
def test_pdf_is_rendered_once_in_its_language_and_kept(
    year_2025, rendered_languages, language, expected
):
    alpha, _beta = year_2025
    statement = statement_services.statement_build(organization=alpha, year=2025)

    first = statement_services.statement_pdf(statement=statement, language=language)
    with first.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    again = statement_services.statement_pdf(
        statement=MemberStatement.objects.get(pk=statement.pk), language=language
    )

    assert again.name == first.name
    assert len(rendered_languages) == 1
    rendered_in, html = rendered_languages[0]
    assert rendered_in == language
    for text in expected:
        assert text in html
    folder = Path(first.storage.path(first.name)).parent
    assert [path.name for path in folder.iterdir()] == [Path(first.name).name]
    assert getattr(MemberStatement.objects.get(pk=statement.pk), f"pdf_{language}").name == (
        first.name
    )


def test_pdf_lost_from_storage_is_rendered_again_under_the_same_field(year_2025):
    alpha, _beta = year_2025
    statement = statement_services.statement_build(organization=alpha, year=2025)
    first = statement_services.statement_pdf(statement=statement, language="fr")
    first.storage.delete(first.name)
    again = statement_services.statement_pdf(statement=statement, language="fr")
    assert again.storage.exists(again.name)
    with again.open("rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_pdf_in_an_unknown_language_is_refused(year_2025):
    alpha, _beta = year_2025
    statement = statement_services.statement_build(organization=alpha, year=2025)
    with pytest.raises(ValueError):
        statement_services.statement_pdf(statement=statement, language="de")
