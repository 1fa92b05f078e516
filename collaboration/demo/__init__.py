"""Collaboration's demo data: a call with projects at every stage and their consortia,
needs and offers with matching members and introductions in each state, and opportunities
of each kind, some expired. `seed_demo` (portal) calls `collaboration_seed` after the
register, events and surveys, before communications, whose newsletters show the calls."""

import datetime
import random

from django.contrib.auth import get_user_model

from collaboration.demo import calls, introductions, opportunities
from collaboration.models import (
    Call,
    DigestSending,
    DigestSubscription,
    Introduction,
    Opportunity,
    Post,
)
from members.models import Affiliation, Contact, Organization

User = get_user_model()


def collaboration_seed(
    *,
    seed: int,
    organizations: list[Organization],
    people: list[tuple[Contact, Affiliation]],
    staff_user: User,
    today: datetime.date,
) -> dict[str, int]:
    """Seed the three parts with their own random generator, so that the apps seeded after
    draw the same numbers whether or not this app exists. `organizations` and `people` come
    from the register in the order it built them (the member login's organization and its
    admin first). Returns counts for seed_demo's summary."""
    rng = random.Random(f"collaboration-{seed}")
    counts = {}
    counts.update(
        calls.calls_seed(
            rng=rng, organizations=organizations, people=people, staff_user=staff_user, today=today
        )
    )
    counts.update(
        introductions.introductions_seed(
            rng=rng, organizations=organizations, people=people, staff_user=staff_user, today=today
        )
    )
    counts.update(
        opportunities.opportunities_seed(
            rng=rng, organizations=organizations, people=people, staff_user=staff_user, today=today
        )
    )
    return counts


def flush() -> None:
    """Delete every row of the app."""
    DigestSending.objects.all().delete()
    DigestSubscription.objects.all().delete()
    Introduction.objects.all().delete()
    Post.objects.all().delete()
    Opportunity.objects.all().delete()
    for call in Call.objects.all():
        call.projects.all().delete()
    Call.objects.all().delete()
