"""membership figures of a report (see reports.selectors.snapshot)."""


def membership_section(*, periods) -> dict:
    raise NotImplementedError
