"""Rows the awards tests build on: an edition (open or past its deadline) with categories
and a scoring grid, applications, jurors who declared their conflicts."""

import datetime

from django.utils import timezone

from community.models import AwardCategory, AwardCriterion, Edition, Juror
from community.services import awards as services

_numbers = iter(range(1, 10**6))


def edition_make(
    *,
    is_open=True,
    published=True,
    categories=("Startup", "Industrie"),
    criteria=((2, 5), (1, 10)),
    **fields,
) -> Edition:
    number = next(_numbers)
    now = timezone.now()
    deadline = now + datetime.timedelta(days=20 if is_open else -1)
    edition = Edition.objects.create(
        slug=fields.pop("slug", f"trophees-{number}"),
        title_fr=fields.pop("title_fr", f"Trophées de l'innovation {2020 + number}"),
        title_en=fields.pop("title_en", f"Innovation awards {2020 + number}"),
        applications_open_at=now - datetime.timedelta(days=30),
        deadline=deadline,
        scoring_closes_at=deadline + datetime.timedelta(days=30),
        is_published=published,
        **fields,
    )
    for position, name in enumerate(categories, start=1):
        AwardCategory.objects.create(edition=edition, position=position, name_fr=name)
    for position, (weight, max_score) in enumerate(criteria, start=1):
        AwardCriterion.objects.create(
            edition=edition,
            position=position,
            label_fr=f"Critère {position}",
            weight=weight,
            max_score=max_score,
        )
    return edition


def category_of(edition: Edition, position: int = 1) -> AwardCategory:
    return edition.categories.get(position=position)


def application_make(*, edition, organization, category=None, contact=None, **fields):
    return services.application_submit(
        edition=edition,
        category=category or category_of(edition),
        organization=organization,
        contact=contact,
        presentation=fields.pop(
            "presentation", "Notre innovation : un jumeau numérique des ateliers."
        ),
        public_summary=fields.pop("public_summary", "Un jumeau numérique pour les PME."),
        **fields,
    )


def juror_make(*, edition, contact=None, declared=True, conflicts=(), **fields) -> Juror:
    if contact is None:
        fields.setdefault("name", "Claire Outsider")
        fields.setdefault("email", f"jure{next(_numbers)}@externe.example")
        fields.setdefault("organization_name", "Université de Toulouse")
    juror = services.juror_add(edition=edition, contact=contact, **fields)
    if declared:
        juror = services.juror_conflicts_declare(
            juror=juror,
            organization_ids=[organization.pk for organization in conflicts],
            no_other_conflict=True,
        )
    return juror


def criteria_ids(edition) -> list[int]:
    return list(edition.criteria.order_by("position").values_list("pk", flat=True))
