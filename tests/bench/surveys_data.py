"""The survey `make bench` measures the results page of: the demo seed's surveys have a
handful of responses, a members' satisfaction survey gets thousands. `surveys_top_up` adds
one closed, named (not anonymous) survey with QUESTIONS_PER_KIND questions of every kind
and RESPONSES responses, once: it carries the SLUG, and later runs, finding it complete,
add nothing."""

import datetime
import random

SLUG = "bench-survey-results"
QUESTIONS_PER_KIND = 8
RESPONSES = 2_000
CHOICES = [
    ("web", "Site web", "Website"),
    ("newsletter", "Lettre d'information", "Newsletter"),
    ("event", "Événement", "Event"),
    ("colleague", "Un collègue", "A colleague"),
    ("press", "Presse", "Press"),
]
SHORT_TEXTS = ["Très bien", "Bien", "Moyen", "Peut mieux faire", "Excellent accueil"]
LONG_TEXT = (
    "Les rencontres mensuelles sont utiles pour notre activité ; nous aimerions davantage "
    "d'ateliers techniques et un meilleur suivi des mises en relation. "
)


def surveys_top_up(*, seed: int) -> int:
    """Add the survey and its responses if missing. Returns how many responses were added."""
    from django.db import connection, transaction

    from surveys.models import Survey

    if Survey.objects.filter(slug=SLUG).exists():
        return 0
    # All or nothing: a run stopped halfway leaves no survey, and the next one starts over.
    with transaction.atomic():
        added = _survey_add(rng=random.Random(seed))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_response, surveys_answer")
    # What the closing task does for a survey closed through the portal: its results are
    # counted once and stored (surveys.services.results).
    from surveys.services.results import survey_results_store

    survey_results_store(survey=Survey.objects.get(slug=SLUG))
    return added


def survey_results_path() -> str:
    from surveys.models import Survey

    return f"/fr/staff/surveys/{Survey.objects.get(slug=SLUG).pk}/results/"


def _survey_add(*, rng: random.Random) -> int:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.demo import bulk_copy
    from members.demo import STAFF_EMAIL
    from members.models import Affiliation
    from surveys.models import Answer, Invitation, Question, Response, Survey

    now = timezone.now()
    closed_at = now - datetime.timedelta(days=10)
    survey = Survey.objects.create(
        title_fr="Enquête de satisfaction des adhérents (banc d'essai)",
        title_en="Members' satisfaction survey (bench)",
        slug=SLUG,
        is_anonymous=False,
        status=Survey.Status.CLOSED,
        opens_at=closed_at - datetime.timedelta(days=30),
        closes_at=closed_at,
        sent_at=closed_at - datetime.timedelta(days=30),
        created_by=get_user_model().objects.filter(email=STAFF_EMAIL).first(),
    )
    choices = [
        {"value": value, "label_fr": label_fr, "label_en": label_en}
        for value, label_fr, label_en in CHOICES
    ]
    questions = Question.objects.bulk_create(
        Question(
            survey=survey,
            position=position,
            kind=kind,
            text_fr=f"{Question.Kind(kind).label} n° {number + 1}",
            text_en=f"{Question.Kind(kind).label} no. {number + 1}",
            choices=choices if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) else [],
        )
        for position, (kind, number) in enumerate(
            (kind, number) for kind in Question.Kind.values for number in range(QUESTIONS_PER_KIND)
        )
    )

    # One response per contact, as invitations allow; each with its first organization.
    people = list(
        Affiliation.objects.exclude(contact__email="")
        .order_by("contact_id", "pk")
        .distinct("contact_id")
        .values_list("contact_id", "contact__email", "organization_id")[:RESPONSES]
    )
    invitations = Invitation.objects.bulk_create(
        (
            Invitation(
                survey=survey,
                contact_id=contact_id,
                email=email,
                sent_at=survey.sent_at,
                answered_at=closed_at - datetime.timedelta(days=rng.randint(1, 29)),
            )
            for contact_id, email, _organization_id in people
        ),
        batch_size=2000,
    )
    responses = Response.objects.bulk_create(
        (
            Response(
                survey=survey,
                invitation=invitation,
                contact_id=contact_id,
                organization_id=organization_id,
                submitted_on=timezone.localdate(invitation.answered_at),
                submitted_at=invitation.answered_at,
            )
            for invitation, (contact_id, _email, organization_id) in zip(
                invitations, people, strict=True
            )
        ),
        batch_size=2000,
    )
    answers = []
    for response in responses:
        for question in questions:
            # Some questions are left out, as optional ones are.
            if rng.random() < 0.1:
                continue
            answers.append(_answer(response, question, rng))
    bulk_copy(Answer, answers)
    return len(responses)


def _answer(response, question, rng: random.Random):
    from surveys.models import Answer, Question

    answer = Answer(response=response, question=question)
    values = [value for value, _label_fr, _label_en in CHOICES]
    match question.kind:
        case Question.Kind.RATING:
            answer.value_int = rng.choices(range(1, 6), weights=[1, 2, 4, 6, 4])[0]
        case Question.Kind.NPS:
            answer.value_int = rng.choices(range(11), weights=[1] * 6 + [2, 4, 6, 6, 4])[0]
        case Question.Kind.SINGLE:
            answer.value_text = rng.choice(values)
        case Question.Kind.MULTIPLE:
            answer.value_choices = rng.sample(values, rng.randint(1, 3))
        case Question.Kind.YES_NO:
            answer.value_text = rng.choice(["yes", "yes", "no"])
        case Question.Kind.SHORT_TEXT:
            answer.value_text = rng.choice(SHORT_TEXTS)
        case _:
            answer.value_text = LONG_TEXT * rng.randint(1, 3)
    return answer
