"""Celery tasks of the reports: building a report, announcing a version, the drafts of the
period just ended, members' annual statements."""
