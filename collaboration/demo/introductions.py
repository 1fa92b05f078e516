"""Demo introductions: see collaboration.demo."""


def introductions_seed(*, rng, organizations, people, staff_user, today) -> dict[str, int]:
    return {}
