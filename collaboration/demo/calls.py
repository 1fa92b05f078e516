"""Demo calls: see collaboration.demo."""


def calls_seed(*, rng, organizations, people, staff_user, today) -> dict[str, int]:
    return {}
