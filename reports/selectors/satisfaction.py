"""satisfaction figures of a report (see reports.selectors.snapshot)."""


def satisfaction_section(*, periods) -> dict:
    raise NotImplementedError
