"""relations figures of a report (see reports.selectors.snapshot)."""


def relations_section(*, periods) -> dict:
    raise NotImplementedError
