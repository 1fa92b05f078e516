"""Demo data of community's awards."""


def seed(*, rng, organizations, people, staff_user, events, today) -> dict[str, int]:
    """Seeds the awards; returns counts for seed_demo's summary."""
    return {}


def flush() -> None:
    """Deletes the awards rows before a new seeding."""
