"""What reports adds to the pages of the apps below it, registered when the app is ready
(apps.py): the published syntheses on a working group's page, the public edition of the
annual reports in the press room, and an organization's annual statements on its 360° page."""

from communications import panels as communications_panels
from members import panels as members_panels
from reports.models import MemberStatement, Report, ReportVersion

# The press room lists the public editions of the latest annual reports.
PRESS_ROOM_ANNUAL_REPORTS = 5
# A group's page shows its syntheses of the last year.
GROUP_SYNTHESES_SHOWN = 4


def _latest_versions(versions, limit: int) -> list[ReportVersion]:
    """The latest version of each report, in the order given (newest report first, then its
    newest version). A report has few versions: they are read and skipped here rather than
    with DISTINCT ON, which SQLite (the quick start's database) does not have."""
    latest = {}
    for version in versions:
        latest.setdefault(version.report_id, version)
        if len(latest) == limit:
            break
    return list(latest.values())


def _group_syntheses(*, group) -> dict:
    """The group's published syntheses, newest quarter first, each at its latest version."""
    versions = (
        ReportVersion.objects.filter(
            report__working_group=group, report__kind=Report.Kind.SYNTHESIS
        )
        .select_related("report", "report__working_group")
        .order_by("-report__period_start", "report_id", "-number")
    )
    return {"synthesis_versions": _latest_versions(versions, GROUP_SYNTHESES_SHOWN)}


def _press_room_annual_reports() -> dict:
    versions = (
        ReportVersion.objects.filter(is_public=True, report__kind=Report.Kind.YEAR)
        .select_related("report")
        .order_by("-report__period_start", "report_id", "-number")
    )
    return {"annual_versions": _latest_versions(versions, PRESS_ROOM_ANNUAL_REPORTS)}


def _organization_statements(*, organization) -> dict:
    return {
        "statements": list(
            MemberStatement.objects.filter(organization=organization).order_by("-year")
        )
    }


members_panels.group_page.register(
    "reports",
    template_name="reports/space/_group_syntheses.html",
    context=_group_syntheses,
    order=30,
)
communications_panels.press_room.register(
    "reports",
    template_name="reports/public/_press_room_reports.html",
    context=_press_room_annual_reports,
    order=10,
)
members_panels.organization_page.register(
    "statements",
    template_name="reports/staff/_organization_statements.html",
    context=_organization_statements,
    order=40,
)
