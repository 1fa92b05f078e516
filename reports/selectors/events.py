"""events figures of a report (see reports.selectors.snapshot)."""


def events_section(*, periods) -> dict:
    raise NotImplementedError
