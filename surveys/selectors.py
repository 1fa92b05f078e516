"""Reads of the surveys app: the staff list, audiences, personal links, and results.

Results are counts and distributions aggregated in the database. The number of queries
does not depend on the number of responses: one per kind of aggregate for the whole
survey, whatever the number of questions.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.links import link_resolve
from core.search import search_filter
from events.models import Registration
from members.models import Affiliation, Contact, WorkingGroupMember
from surveys.models import (
    INVITATION_LINK,
    Answer,
    Invitation,
    Question,
    Response,
    Survey,
    SurveyResults,
)

INT_KINDS = (Question.Kind.RATING, Question.Kind.NPS)
TEXT_CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.YES_NO)
FREE_TEXT_KINDS = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    average: float | None = None
    nps: dict | None = None
    previous_average: float | None = None
    previous_nps: dict | None = None


def _count_of(model):
    rows = model.objects.filter(survey=OuterRef("pk")).order_by().values("survey")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def surveys_staff_list(*, status: str = ""):
    """Surveys, newest first, with their numbers of responses and questions; `status` one
    of Survey.Status or "" for all."""
    # Subqueries rather than joins: joining both would multiply responses by questions.
    surveys = Survey.objects.annotate(
        response_count=_count_of(Response), question_count=_count_of(Question)
    ).order_by("-created_at")
    if status:
        surveys = surveys.filter(status=status)
    return surveys


def audience_contacts(*, survey: Survey):
    """The contacts the survey is sent to, with an email address, once each."""
    contacts = Contact.objects.filter(anonymised_at__isnull=True).exclude(email="")
    audience = survey.audience
    if audience == Survey.Audience.MEMBERS:
        contacts = contacts.filter(affiliations__organization__lifecycle="member")
    elif audience == Survey.Audience.ADMINS:
        contacts = contacts.filter(
            affiliations__organization__lifecycle="member",
            affiliations__access=Affiliation.Access.ADMIN,
        )
    elif audience == Survey.Audience.GROUP:
        contacts = contacts.filter(
            working_groups__group=survey.working_group_id,
            working_groups__status=WorkingGroupMember.Status.ACCEPTED,
        )
    elif audience == Survey.Audience.ATTENDEES:
        contacts = contacts.filter(
            registrations__event=survey.event_id,
            registrations__attendance=Registration.Attendance.PRESENT,
        )
    else:
        return Contact.objects.none()
    return contacts.distinct()


def audience_newcomers(*, survey: Survey):
    """The audience's contacts not invited yet: whom sending (again) emails."""
    return audience_contacts(survey=survey).exclude(pk__in=survey.invitations.values("contact_id"))


def invitation_for_token(token: str) -> Invitation | None:
    return link_resolve(
        purpose=INVITATION_LINK,
        token=token,
        queryset=Invitation.objects.select_related("survey", "contact"),
    )


def invitation_of_user(*, user, pk: int) -> Invitation | None:
    """One of the signed-in person's own invitations: the member space opens it without a
    link."""
    return (
        Invitation.objects.select_related("survey", "contact")
        .filter(pk=pk, contact__user=user)
        .first()
    )


def invitations_open_of_user(*, user):
    """The user's invitations to open surveys still taking answers, unanswered first: their
    member space."""
    now = timezone.now()
    return (
        Invitation.objects.filter(contact__user=user, survey__status=Survey.Status.OPEN)
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .select_related("survey")
        .order_by("answered_at", "-survey__opens_at")
    )


# Results


def nps_score(promoters: int, detractors: int, total: int) -> int | None:
    """%promoters − %detractors, rounded; None when nobody answered."""
    return round(100 * (promoters - detractors) / total) if total else None


def nps_breakdown(counts: dict[int, int]) -> dict | None:
    """Promoters answer 9–10, passives 7–8, detractors 0–6; score = %promoters − %detractors."""
    total = sum(counts.values())
    if not total:
        return None
    promoters = sum(n for value, n in counts.items() if value >= 9)
    detractors = sum(n for value, n in counts.items() if value <= 6)
    passives = total - promoters - detractors
    return {
        "total": total,
        "promoters": promoters,
        "passives": passives,
        "detractors": detractors,
        "promoters_percent": round(100 * promoters / total, 1),
        "passives_percent": round(100 * passives / total, 1),
        "detractors_percent": round(100 * detractors / total, 1),
        "score": nps_score(promoters, detractors, total),
    }


def questions_in_order(*, survey: Survey) -> list[Question]:
    """In the builder's order: questions outside any section first, then section by section."""
    questions = survey.questions.select_related("section", "show_if_question")
    return sorted(
        questions,
        key=lambda q: (
            (q.section.position, q.section_id) if q.section_id else (-1, 0),
            q.position,
            q.pk,
        ),
    )


def filtered_responses(*, survey: Survey, filters: dict | None = None):
    responses = Response.objects.filter(survey=survey)
    filters = filters or {}
    if survey.is_anonymous:
        return responses
    if filters.get("kind"):
        responses = responses.filter(organization__kind=filters["kind"])
    if filters.get("segment"):
        responses = responses.filter(organization__segment=filters["segment"])
    if filters.get("group"):
        responses = responses.filter(
            contact__working_groups__group=filters["group"],
            contact__working_groups__status="accepted",
        )
    return responses


def _counts(*, by: str, value: str, **filters) -> dict:
    """{`by`: {`value`: number of answers}} for the answers matching `filters`, in one query."""
    counts: dict = defaultdict(dict)
    rows = Answer.objects.filter(**filters).values(by, value).annotate(n=Count("pk"))
    for row in rows:
        counts[row[by]][row[value]] = row["n"]
    return counts


def _multiple_counts(*, survey: Survey, responses) -> tuple[dict, dict[int, int]]:
    """Each ticked choice counted once, by unnesting the JSON lists in SQL, and the number
    of people who ticked at least one box, per question (the choice-less grouping set)."""
    if connection.vendor != "postgresql":
        return _multiple_counts_in_python(survey=survey, responses=responses)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    answered: dict[int, int] = {}
    inner, params = responses.values("pk").query.sql_with_params()
    sql = f"""
        SELECT a.question_id, choice, COUNT(DISTINCT a.id)
        FROM surveys_answer a
        JOIN surveys_question q ON q.id = a.question_id
        CROSS JOIN LATERAL jsonb_array_elements_text(a.value_choices) AS choice
        WHERE q.survey_id = %s AND q.kind = %s AND a.response_id IN ({inner})
        GROUP BY GROUPING SETS ((a.question_id, choice), (a.question_id))
    """  # noqa: S608 (the inner query is Django's, with its own parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [survey.pk, Question.Kind.MULTIPLE, *params])
        for question_id, choice, n in cursor.fetchall():
            if choice is None:
                answered[question_id] = n
            else:
                counts[question_id][choice] = n
    return counts, answered


def _multiple_counts_in_python(*, survey: Survey, responses) -> tuple[dict, dict[int, int]]:
    """The same figures on SQLite (the quick start), which cannot unnest JSON in a join:
    one query, counted here."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    answered: dict[int, int] = defaultdict(int)
    rows = Answer.objects.filter(
        question__survey=survey,
        question__kind=Question.Kind.MULTIPLE,
        response__in=responses.values("pk"),
    ).values_list("question_id", "value_choices")
    for question_id, choices in rows:
        if not choices:
            continue
        answered[question_id] += 1
        for choice in set(choices):
            counts[question_id][choice] += 1
    return {key: dict(value) for key, value in counts.items()}, dict(answered)


def _bars(question: Question, counts: dict, total: int | None = None) -> list[Bar]:
    """`total` is the number of people who answered when it differs from the sum of the
    counts (several boxes ticked by one person)."""
    if total is None:
        total = sum(counts.values())
    bars = []
    for value, label in question.choice_options():
        key = int(value) if question.kind in INT_KINDS else value
        n = counts.get(key, 0)
        bars.append(Bar(label=label, count=n, percent=round(100 * n / total, 1) if total else 0))
    return bars


def _average(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return round(sum(value * n for value, n in counts.items()) / total, 2)


def survey_counts(*, survey: Survey, filters: dict | None = None) -> dict:
    """The counts behind the results page, in a fixed number of queries: response count,
    invitation counts, integer, single-choice and multiple-choice distributions by question,
    and the previous edition's integer distributions by question text. JSON values, so that
    a closed survey's can be stored (`SurveyResults`); `survey_results` words them."""
    responses = filtered_responses(survey=survey, filters=filters)
    invitations = Invitation.objects.filter(survey=survey).aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
    )
    ints = _counts(
        by="question_id",
        value="value_int",
        question__survey=survey,
        value_int__isnull=False,
        response__in=responses.values("pk"),
    )
    texts = _counts(
        by="question_id",
        value="value_text",
        question__survey=survey,
        question__kind__in=TEXT_CHOICE_KINDS,
        response__in=responses.values("pk"),
    )
    multiples, multiple_answered = _multiple_counts(survey=survey, responses=responses)
    return {
        "response_count": responses.count(),
        "invitations_sent": invitations["sent"],
        "invitations_answered": invitations["answered"],
        "ints": ints,
        "texts": texts,
        "multiples": multiples,
        "multiple_answered": multiple_answered,
        "previous": _previous_by_text(survey=survey),
    }


def _counts_from_json(figures: dict) -> dict:
    """`survey_counts` back from JSON, whose object keys are all strings."""

    def by_question(counts: dict, value=str) -> dict:
        return {
            int(question): {value(key): n for key, n in values.items()}
            for question, values in counts.items()
        }

    return {
        **figures,
        "ints": by_question(figures["ints"], int),
        "texts": by_question(figures["texts"]),
        "multiples": by_question(figures["multiples"]),
        "multiple_answered": {int(q): n for q, n in figures["multiple_answered"].items()},
        "previous": {
            text: {int(key): n for key, n in values.items()}
            for text, values in figures["previous"].items()
        },
    }


def stored_counts(*, survey: Survey) -> dict | None:
    """A closed survey's counts as stored when it closed, or None (not stored yet, or not
    closed: an open survey's results move with every answer)."""
    if survey.status != Survey.Status.CLOSED:
        return None
    row = (
        SurveyResults.objects.filter(survey=survey, survey__status=Survey.Status.CLOSED)
        .values_list("figures", "counted_at")
        .first()
    )
    if row is None:
        return None
    return {**_counts_from_json(row[0]), "counted_at": row[1]}


def survey_results(*, survey: Survey, filters: dict | None = None) -> dict:
    """Everything the results page shows except the free-text answers, in a fixed number of
    queries. A closed survey's unfiltered counts are read from storage (two queries with the
    questions), others counted (`survey_counts`). `stored_version` names what stored
    results the page shows (None when counted live), for the page to keep its drawing."""
    counts = None
    if survey.is_anonymous or not any((filters or {}).values()):
        counts = stored_counts(survey=survey)
    if counts is None:
        counts = survey_counts(survey=survey, filters=filters)
    ints, texts, previous = counts["ints"], counts["texts"], counts["previous"]
    questions = questions_in_order(survey=survey)
    results = []
    for question in questions:
        result = QuestionResult(question=question)
        if question.kind in INT_KINDS:
            question_counts = ints.get(question.pk, {})
            result.bars = _bars(question, question_counts)
            result.answered = sum(question_counts.values())
            if question.kind == Question.Kind.NPS:
                result.nps = nps_breakdown(question_counts)
            else:
                result.average = _average(question_counts)
            old = previous.get(question.text_fr)
            if old is not None:
                result.previous_nps = nps_breakdown(old)
                result.previous_average = _average(old)
        elif question.kind in TEXT_CHOICE_KINDS:
            question_counts = texts.get(question.pk, {})
            result.bars = _bars(question, question_counts)
            result.answered = sum(question_counts.values())
        elif question.kind == Question.Kind.MULTIPLE:
            # Percent of the people who answered, not of the ticks.
            result.answered = counts["multiple_answered"].get(question.pk, 0)
            result.bars = _bars(question, counts["multiples"].get(question.pk, {}), result.answered)
        results.append(result)
    sent = counts["invitations_sent"]
    stored_version = None
    if "counted_at" in counts:
        # What the page draws from stored results: the count, and the questions' order
        # (moving a question counts nothing again).
        order = ",".join(f"{q.pk}.{q.section_id}" for q in questions)
        stored_version = f"{counts['counted_at'].timestamp()}:{order}"
    return {
        "questions": results,
        "stored_version": stored_version,
        "response_count": counts["response_count"],
        "invitations_sent": sent,
        "invitations_answered": counts["invitations_answered"],
        "response_rate": (round(100 * counts["invitations_answered"] / sent, 1) if sent else None),
    }


def _previous_by_text(*, survey: Survey) -> dict[str, dict[int, int]]:
    """The previous edition's rating and NPS distributions, by the question's French text
    (a duplicated edition keeps its texts)."""
    if survey.previous_edition_id is None:
        return {}
    return _counts(
        by="question__text_fr",
        value="value_int",
        question__survey_id=survey.previous_edition_id,
        question__kind__in=INT_KINDS,
    )


def free_text_answer_ids(*, survey: Survey, filters: dict | None = None, search: str = ""):
    """The written answers' ids in the page's order. Counting and ordering them reads only
    the index of written answers (`answer_written`), not thousands of answer rows: the
    page then fetches its own (`free_text_answers_of`)."""
    answers = Answer.objects.filter(
        question__survey=survey, question__kind__in=FREE_TEXT_KINDS
    ).exclude(value_text="")
    if not survey.is_anonymous and any((filters or {}).values()):
        answers = answers.filter(
            response__in=filtered_responses(survey=survey, filters=filters).values("pk")
        )
    if search:
        answers = answers.filter(search_filter(search, ["value_text"]))
    return answers.order_by("question__position", "question_id", "-pk").values_list("pk", flat=True)


def free_text_answers_of(ids) -> QuerySet[Answer]:
    """The answers of `ids` (a slice of `free_text_answer_ids`, run as a subquery), in the
    same order."""
    return (
        Answer.objects.filter(pk__in=ids)
        .select_related("question")
        .order_by("question__position", "question_id", "-pk")
    )


def survey_satisfaction(*, survey: Survey) -> dict:
    """The NPS and average rating of a survey, in one query (its event's or the annual one):
    a closed survey's as stored when it closed."""
    if survey.status == Survey.Status.CLOSED:
        stored = (
            SurveyResults.objects.filter(survey=survey, survey__status=Survey.Status.CLOSED)
            .values_list("figures__satisfaction", flat=True)
            .first()
        )
        if stored is not None:
            return stored
    return satisfaction_counted(survey=survey)


def satisfaction_counted(*, survey: Survey) -> dict:
    # Only the scored questions' answers: the others (most of a survey) are not read.
    row = Answer.objects.filter(
        question__survey=survey, question__kind__in=[Question.Kind.NPS, Question.Kind.RATING]
    ).aggregate(
        promoters=Count("pk", filter=Q(question__kind=Question.Kind.NPS, value_int__gte=9)),
        detractors=Count("pk", filter=Q(question__kind=Question.Kind.NPS, value_int__lte=6)),
        nps_total=Count("pk", filter=Q(question__kind=Question.Kind.NPS, value_int__isnull=False)),
        average=Avg("value_int", filter=Q(question__kind=Question.Kind.RATING)),
    )
    return {
        "nps": nps_score(row["promoters"], row["detractors"], row["nps_total"]),
        "average": round(row["average"], 2) if row["average"] is not None else None,
    }


def export_rows(*, survey: Survey):
    """Header and rows of raw answers, one row per response (two queries)."""
    questions = questions_in_order(survey=survey)
    header = [_("Response"), _("Date")]
    if not survey.is_anonymous:
        header += [_("Organization"), _("Contact")]
    header += [question.text for question in questions]
    responses = Response.objects.filter(survey=survey).order_by("pk")
    if not survey.is_anonymous:
        responses = responses.select_related("organization", "contact")
    by_response: dict[int, dict[int, str]] = defaultdict(dict)
    labels = {question.pk: question for question in questions}
    for answer in Answer.objects.filter(response__survey=survey).order_by():
        answer.question = question = labels[answer.question_id]
        # Numbers stay numbers in the spreadsheet; the rest as the person saw it.
        value = answer.value_int if question.kind in INT_KINDS else answer.display_value()
        by_response[answer.response_id][answer.question_id] = value
    rows = []
    for response in responses:
        row = [response.pk, response.submitted_on.isoformat()]
        if not survey.is_anonymous:
            row += [
                response.organization.name if response.organization else "",
                response.contact.full_name if response.contact else "",
            ]
        answers = by_response.get(response.pk, {})
        row += [answers.get(question.pk, "") for question in questions]
        rows.append(row)
    return header, rows


def organization_survey_answers(*, organization, limit: int = 30) -> dict:
    """The organization's latest named answers and its latest NPS, in one query (its 360°
    page). Anonymous surveys keep no organization, so they never show here.

    The latest NPS may be older than the latest `limit` answers: the query takes those
    answers plus that one, and the NPS is the first NPS answer of the lot."""
    order = ("-response__submitted_on", "-response_id", "question__position", "pk")
    answers = Answer.objects.filter(response__organization=organization)
    latest_pks = answers.order_by(*order).values("pk")[:limit]
    nps_pk = (
        answers.filter(question__kind=Question.Kind.NPS, value_int__isnull=False)
        .order_by(*order)
        .values("pk")[:1]
    )
    rows = list(
        answers.filter(Q(pk__in=Subquery(latest_pks)) | Q(pk=Subquery(nps_pk)))
        .select_related("question", "response__survey", "response__contact")
        .order_by(*order)
    )
    latest_nps = next(
        (
            answer
            for answer in rows
            if answer.question.kind == Question.Kind.NPS and answer.value_int is not None
        ),
        None,
    )
    return {"answers": rows[:limit], "latest_nps": latest_nps}


def event_satisfaction(*, event) -> Survey | None:
    """The event's latest survey with its NPS figures and average rating, in one query."""
    nps = Q(questions__kind=Question.Kind.NPS, questions__answers__value_int__isnull=False)
    survey = (
        Survey.objects.filter(event=event)
        .annotate(
            promoters=Count(
                "questions__answers", filter=nps & Q(questions__answers__value_int__gte=9)
            ),
            detractors=Count(
                "questions__answers", filter=nps & Q(questions__answers__value_int__lte=6)
            ),
            nps_total=Count("questions__answers", filter=nps),
            average=Avg(
                "questions__answers__value_int", filter=Q(questions__kind=Question.Kind.RATING)
            ),
        )
        .order_by("-created_at")
        .first()
    )
    if survey is not None:
        survey.nps = nps_score(survey.promoters, survey.detractors, survey.nps_total)
    return survey


def annual_satisfaction(*, today) -> Decimal | None:
    """The latest annual survey's NPS (its average rating when it asks no NPS question),
    among those opened by `today`; None when there is none or nobody answered."""
    survey = (
        Survey.objects.filter(is_annual=True, status__in=[Survey.Status.OPEN, Survey.Status.CLOSED])
        .filter(Q(opens_at__isnull=True) | Q(opens_at__date__lte=today))
        .order_by(F("opens_at").desc(nulls_last=True), "-created_at")
        .first()
    )
    if survey is None:
        return None
    figures = survey_satisfaction(survey=survey)
    value = figures["nps"] if figures["nps"] is not None else figures["average"]
    return None if value is None else Decimal(str(value))
