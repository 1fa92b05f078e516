"""key_figures figures of a report (see reports.selectors.snapshot)."""


def key_figures(snapshot: dict) -> list:
    raise NotImplementedError


def is_empty(snapshot: dict) -> bool:
    raise NotImplementedError
