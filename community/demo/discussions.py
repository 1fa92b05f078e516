"""Demo data of community's discussions."""


def seed(*, rng, organizations, people, staff_user, events, today) -> dict[str, int]:
    """Seeds the discussions; returns counts for seed_demo's summary."""
    return {}


def flush() -> None:
    """Deletes the discussions rows before a new seeding."""
