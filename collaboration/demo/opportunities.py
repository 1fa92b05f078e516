"""Demo opportunities: see collaboration.demo."""


def opportunities_seed(*, rng, organizations, people, staff_user, today) -> dict[str, int]:
    return {}
