"""Rows the calls tests build on: a call (open or closed) with criteria, a project of org A."""

import datetime

from django.utils import timezone

from collaboration.models import Call, Criterion, Participation
from collaboration.services import calls as services

_numbers = iter(range(1, 10**6))


def call_make(*, is_open=True, published=True, criteria=((3, 5), (1, 10)), **fields) -> Call:
    number = next(_numbers)
    now = timezone.now()
    call = Call.objects.create(
        slug=fields.pop("slug", f"appel-{number}"),
        title_fr=fields.pop("title_fr", f"Appel {number}"),
        opens_on=timezone.localdate() - datetime.timedelta(days=30),
        deadline=now + datetime.timedelta(days=20 if is_open else -1),
        is_published=published,
        **fields,
    )
    for position, (weight, max_score) in enumerate(criteria, start=1):
        Criterion.objects.create(
            call=call,
            position=position,
            name_fr=f"Critère {position}",
            weight=weight,
            max_score=max_score,
        )
    return call


def project_make(*, call, organization, contact=None, title="Projet commun"):
    return services.project_submit(
        call=call,
        organization=organization,
        contact=contact,
        title=title,
        summary="Un projet à plusieurs.",
    )


def partner_add(project, organization, *, status=Participation.Status.ACCEPTED, contact=None):
    return Participation.objects.create(
        project=project,
        organization=organization,
        contact=contact,
        contribution="Des essais.",
        status=status,
    )
