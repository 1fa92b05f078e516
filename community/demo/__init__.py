"""community's demo data, one module per area. `seed_demo` (portal) calls `community_seed`
after collaboration and before communications, which shows the winners and testimonials."""

import random

from community.demo import awards, discussions, testimonials


def community_seed(*, seed: int, **context) -> dict[str, int]:
    """Seed the three parts with their own random generator, so that the apps seeded after
    draw the same numbers whether or not this app exists. `context` holds the register's
    `organizations` and `people` (the member login's organization and its admin first),
    `staff_user`, the seeded `events` and `today`. Returns counts for seed_demo's summary."""
    rng = random.Random(f"community-{seed}")
    counts: dict[str, int] = {}
    for area in (awards, discussions, testimonials):
        counts.update(area.seed(rng=rng, **context))
    return counts


def flush() -> None:
    """Delete every row of the app, the areas that point at others first."""
    testimonials.flush()
    discussions.flush()
    awards.flush()
