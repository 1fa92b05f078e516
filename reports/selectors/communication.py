"""communication figures of a report (see reports.selectors.snapshot)."""


def communication_section(*, periods) -> dict:
    raise NotImplementedError
