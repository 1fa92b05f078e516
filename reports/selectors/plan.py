"""plan figures of a report (see reports.selectors.snapshot)."""


def plan_section(*, periods) -> dict:
    raise NotImplementedError
