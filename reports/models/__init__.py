"""Activity reports and their published versions, and each member's annual statement."""

from reports.models.reports import (
    SECTIONS,
    STAFF_ONLY_SECTIONS,
    BuildState,
    Report,
    ReportDownload,
    ReportVersion,
)
from reports.models.statements import MemberStatement

__all__ = [
    "SECTIONS",
    "STAFF_ONLY_SECTIONS",
    "BuildState",
    "MemberStatement",
    "Report",
    "ReportDownload",
    "ReportVersion",
]
