"""Demo data of community's testimonials."""


def seed(*, rng, organizations, people, staff_user, events, today) -> dict[str, int]:
    """Seeds the testimonials; returns counts for seed_demo's summary."""
    return {}


def flush() -> None:
    """Deletes the testimonials rows before a new seeding."""
