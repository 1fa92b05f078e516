"""groups figures of a report (see reports.selectors.snapshot)."""


def groups_section(*, periods) -> list:
    raise NotImplementedError


def group_facts(*, periods, group) -> dict:
    raise NotImplementedError


def group_is_empty(facts: dict) -> bool:
    raise NotImplementedError
