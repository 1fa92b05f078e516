"""The working groups of a report's snapshot, and the facts of one group's synthesis, on
groups built by hand. The report covers the 2nd quarter of 2025; times are Paris times."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import WorkingGroup, WorkingGroupDocument, WorkingGroupMember
from members.tests.factories import ContactFactory
from reports.models import Report, ReportVersion
from reports.periods import Period, Periods
from reports.selectors.groups import group_facts, group_is_empty, groups_section

PARIS = ZoneInfo("Europe/Paris")
Q2_2025 = Periods.around(Period.of("quarter", 2025, 2))
Status = Registration.Status
Attendance = Registration.Attendance
Accepted = WorkingGroupMember.Status.ACCEPTED


def at(year, month, day, hour=18, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def group(name, slug, status=WorkingGroup.Status.ACTIVE) -> WorkingGroup:
    return WorkingGroup.objects.create(
        name_fr=name, name_en=f"{name} (en)", slug=slug, status=status
    )


def meeting(working_group, title, starts_at, **extra) -> Event:
    return EventFactory(
        title_fr=title,
        title_en=f"{title} (en)",
        kind=Event.Kind.MONTHLY_MEETING,
        audience=Event.Audience.GROUP,
        organizer=Event.Organizer.GROUP,
        working_group=working_group,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **extra,
    )


def came(event, contact=None, status=Status.CONFIRMED, attendance=Attendance.PRESENT, **extra):
    """A registration of `contact`, or of a guest when None (give their `email`)."""
    return RegistrationFactory(
        event=event, contact=contact, status=status, attendance=attendance, **extra
    )


def member(working_group, decided_at, status=Accepted, contact=None):
    return WorkingGroupMember.objects.create(
        group=working_group,
        contact=contact or ContactFactory(),
        status=status,
        decided_at=decided_at,
    )


def document(working_group, title, uploaded_at):
    return WorkingGroupDocument.objects.create(
        group=working_group,
        title=title,
        file=ContentFile(b"%PDF-1.4 test", name="compte-rendu.pdf"),
        uploaded_at=uploaded_at,
    )


def synthesis(working_group, quarter: Period, *, fr="", en="", versions=()):
    report = Report.objects.create(
        kind=Report.Kind.SYNTHESIS,
        working_group=working_group,
        period_start=quarter.start,
        period_end=quarter.end,
        narrative_fr=fr,
        narrative_en=en,
    )
    for number, (version_fr, version_en) in enumerate(versions, start=1):
        ReportVersion.objects.create(
            report=report,
            number=number,
            source_revision=number,
            snapshot={},
            snapshot_at=timezone.now(),
            texts={
                "intro": {"fr": "", "en": ""},
                "highlights": {},
                "narrative": {"fr": version_fr, "en": version_en},
            },
        )
    return report


@pytest.fixture
def groups(db):
    industry = group("Industrie 4.0", "industrie")
    alice, bob, carol, dan, erin = (ContactFactory() for _ in range(5))
    april = meeting(industry, "Réunion d'avril", at(2025, 4, 15))
    came(april, alice)
    came(april, bob)
    came(april, email="invite@example.com")
    came(april, carol, attendance=Attendance.NO_SHOW)
    june = meeting(industry, "Réunion de juin", at(2025, 6, 3))
    # Alice and the guest again: still four people over the quarter.
    came(june, alice)
    came(june, email="invite@example.com")
    came(june, dan, status=Status.WAITLISTED)
    came(june, erin, status=Status.CANCELLED)
    cancelled = meeting(industry, "Réunion annulée", at(2025, 5, 6), cancelled_at=at(2025, 5, 1))
    came(cancelled, erin)
    hidden = meeting(industry, "Réunion non publiée", at(2025, 5, 7), is_published=False)
    came(hidden, erin)
    march = meeting(industry, "Réunion de mars", at(2025, 3, 20))
    came(march, erin)
    document(industry, "Compte rendu d'avril", at(2025, 4, 20))
    document(industry, "Feuille de route", at(2025, 6, 30, 23, 0))
    # Just after midnight on the 1st of July in Paris, still June in UTC.
    document(industry, "Compte rendu de juillet", at(2025, 7, 1, 0, 30))
    member(industry, at(2024, 1, 10), contact=alice)
    member(industry, at(2025, 5, 5), contact=bob)
    member(industry, at(2025, 7, 2), contact=carol)
    member(industry, None, status=WorkingGroupMember.Status.REQUESTED, contact=dan)
    member(industry, at(2025, 5, 6), status=WorkingGroupMember.Status.DECLINED, contact=erin)
    synthesis(
        industry,
        Q2_2025.current,
        fr="Brouillon non publié",
        en="Unpublished draft",
        versions=[("Version 1", "Version 1 (en)"), ("Version 2 publiée", "Version 2 published")],
    )

    purchasing = group("Achats groupés", "achats")
    synthesis(purchasing, Q2_2025.current, fr="Synthèse en cours")

    export = group("Export", "export", WorkingGroup.Status.PAUSED)
    member(export, at(2025, 4, 2))
    synthesis(export, Q2_2025.current)

    training = group("Formation", "formation", WorkingGroup.Status.PAUSED)
    meeting(training, "Atelier formation", at(2025, 5, 12))

    digital = group("Numérique", "numerique", WorkingGroup.Status.PAUSED)
    document(digital, "Étude", at(2025, 6, 1, 10))
    member(digital, at(2023, 9, 1))
    synthesis(digital, Q2_2025.previous, fr="Le trimestre d'avant")

    robots = group("Robotique", "robotique", WorkingGroup.Status.CLOSED)
    member(robots, at(2024, 2, 1))
    meeting(robots, "Dernière réunion", at(2025, 3, 1))
    return {"industry": industry, "purchasing": purchasing, "robots": robots}


def test_groups_lists_active_and_busy_groups_with_their_figures(groups):
    assert groups_section(periods=Q2_2025) == [
        {
            "slug": "achats",
            "name_fr": "Achats groupés",
            "name_en": "Achats groupés (en)",
            "meetings": 0,
            "participants": 0,
            "documents": 0,
            "messages": 0,
            "joined": 0,
            "members": 0,
            # No version yet: the draft is the animator's work in progress, not shown.
            "synthesis": None,
        },
        {
            "slug": "export",
            "name_fr": "Export",
            "name_en": "Export (en)",
            "meetings": 0,
            "participants": 0,
            "documents": 0,
            "messages": 0,
            "joined": 1,
            "members": 1,
            # A synthesis with no text yet is none.
            "synthesis": None,
        },
        {
            "slug": "formation",
            "name_fr": "Formation",
            "name_en": "Formation (en)",
            "meetings": 1,
            "participants": 0,
            "documents": 0,
            "messages": 0,
            "joined": 0,
            "members": 0,
            "synthesis": None,
        },
        {
            "slug": "industrie",
            "name_fr": "Industrie 4.0",
            "name_en": "Industrie 4.0 (en)",
            "meetings": 2,
            # Alice, Bob, the guest (by email) and Dan, let in from the waitlist.
            "participants": 4,
            "documents": 2,
            "messages": 0,
            "joined": 1,
            "members": 2,
            # The latest published version, not the draft being edited.
            "synthesis": {"fr": "Version 2 publiée", "en": "Version 2 published"},
        },
        {
            "slug": "numerique",
            "name_fr": "Numérique",
            "name_en": "Numérique (en)",
            "meetings": 0,
            "participants": 0,
            "documents": 1,
            "messages": 0,
            "joined": 0,
            "members": 1,
            # Its synthesis is of the quarter before.
            "synthesis": None,
        },
    ]


def test_a_year_joins_its_quarters_syntheses_under_their_headings(groups):
    year = Periods.around(Period.of("year", 2025))
    q1 = Period.of("quarter", 2025, 1)
    synthesis(
        groups["industry"],
        q1,
        fr="Brouillon",
        en="Draft",
        versions=[("Lancement du groupe", "The group starts")],
    )

    entry = next(g for g in groups_section(periods=year) if g["slug"] == "industrie")

    assert entry["synthesis"]["en"] == (
        "### 1st quarter 2025\n\nThe group starts\n\n### 2nd quarter 2025\n\nVersion 2 published"
    )
    # Each language's text under its own headings.
    with translation.override("fr"):
        first, second = q1.label(), Q2_2025.current.label()
    assert entry["synthesis"]["fr"] == (
        f"### {first}\n\nLancement du groupe\n\n### {second}\n\nVersion 2 publiée"
    )


def test_group_facts_list_its_meetings_and_documents(groups):
    facts = group_facts(periods=Q2_2025, group=groups["industry"])

    assert facts == {
        "slug": "industrie",
        "name_fr": "Industrie 4.0",
        "name_en": "Industrie 4.0 (en)",
        "meetings": 2,
        "participants": 4,
        "documents": 2,
        "messages": 0,
        "joined": 1,
        "members": 2,
        "events": [
            {
                "title_fr": "Réunion d'avril",
                "title_en": "Réunion d'avril (en)",
                "date": "2025-04-15",
                "present": 3,
            },
            {
                "title_fr": "Réunion de juin",
                "title_en": "Réunion de juin (en)",
                "date": "2025-06-03",
                "present": 3,
            },
        ],
        "documents_list": [
            {"title": "Compte rendu d'avril", "date": "2025-04-20"},
            {"title": "Feuille de route", "date": "2025-06-30"},
        ],
    }
    assert group_is_empty(facts) is False


def test_a_group_with_only_standing_members_is_empty(groups):
    facts = group_facts(periods=Q2_2025, group=groups["robots"])

    assert facts["members"] == 1
    assert facts["events"] == []
    assert facts["documents_list"] == []
    assert group_is_empty(facts) is True


def test_a_new_member_alone_makes_a_group_not_empty(groups):
    assert group_is_empty({"meetings": 0, "documents": 0, "joined": 1}) is False
    assert group_is_empty({"meetings": 0, "documents": 1, "joined": 0}) is False


def test_a_running_quarter_counts_up_to_today(groups, monkeypatch):
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return datetime.date(2025, 5, 10) if value is None else real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)

    facts = group_facts(periods=Q2_2025, group=groups["industry"])

    assert (facts["meetings"], facts["participants"], facts["documents"]) == (1, 3, 1)
    assert (facts["joined"], facts["members"]) == (1, 2)


def test_groups_take_two_queries_whatever_the_rows(groups, django_assert_num_queries):
    # 1. the groups with their five figures as subqueries, 2. the syntheses of the period
    # with their latest version's texts.
    with django_assert_num_queries(2):
        small = groups_section(periods=Q2_2025)

    for number in range(5):
        more = group(f"Groupe {number}", f"groupe-{number}", WorkingGroup.Status.PAUSED)
        event = meeting(more, f"Réunion {number}", at(2025, 5, 10 + number))
        came(event, ContactFactory())
        came(event, email=f"invite{number}@example.com")
        document(more, f"Note {number}", at(2025, 5, 11))
        member(more, at(2025, 4, 3))
        synthesis(more, Q2_2025.current, fr=f"Texte {number}", versions=[("v1", "v1")])
    with django_assert_num_queries(2):
        large = groups_section(periods=Q2_2025)

    assert len(large) == len(small) + 5


def test_group_facts_take_three_queries_whatever_the_rows(groups, django_assert_num_queries):
    industry = groups["industry"]
    # 1. the group's figures, 2. its meetings with the people present, 3. its documents.
    with django_assert_num_queries(3):
        group_facts(periods=Q2_2025, group=industry)

    for number in range(5):
        event = meeting(industry, f"Réunion {number}", at(2025, 5, 10 + number))
        came(event, ContactFactory())
        document(industry, f"Note {number}", at(2025, 5, 11))
    with django_assert_num_queries(3):
        facts = group_facts(periods=Q2_2025, group=industry)

    assert len(facts["events"]) == 7


def test_groups_count_the_messages_of_their_discussions_in_the_period(groups):
    from community.models import DiscussionMessage, Thread

    author = ContactFactory()
    thread = Thread.objects.create(group=groups["robots"], title="Fil", author=author)
    for day in (at(2025, 4, 10), at(2025, 5, 2), at(2025, 7, 2)):
        DiscussionMessage.objects.create(thread=thread, author=author, body="…", created_at=day)
    rows = {row["slug"]: row for row in groups_section(periods=Q2_2025)}
    assert rows[groups["robots"].slug]["messages"] == 2
