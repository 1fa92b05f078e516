"""Personal data held by the reports app (see core.personal_data). Imported by
ReportsConfig.ready().

A report's figures are counts; the names it freezes are those of organizations and events,
never of people. Its rows only record which login created or published it."""

from core.personal_data import LOGIN_ONLY, register
from reports.models import Report, ReportVersion

register(Report, **LOGIN_ONLY)
register(ReportVersion, **LOGIN_ONLY)
