"""Building surveys: the survey, its sections and questions, and new editions."""

from django.db import transaction
from django.db.models import Max, Q
from django.utils.text import slugify

from surveys.models import Question, Section, Survey
from surveys.services.results import survey_results_recount


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "survey"
    slug, n = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def survey_create(*, data: dict, created_by) -> Survey:
    return Survey.objects.create(**data, slug=_unique_slug(data["title_fr"]), created_by=created_by)


@transaction.atomic
def survey_update(*, survey: Survey, data: dict) -> Survey:
    for field, value in data.items():
        setattr(survey, field, value)
    survey.save()
    # Another previous edition changes the comparison.
    survey_results_recount(survey=survey)
    return survey


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def section_save(*, survey: Survey, data: dict, section: Section | None = None) -> Section:
    if section is None:
        section = Section(survey=survey, position=_next_position(survey.sections.all()))
    for field, value in data.items():
        setattr(section, field, value)
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    # Its questions stay, outside any section.
    section.delete()


@transaction.atomic
def question_save(*, survey: Survey, data: dict, question: Question | None = None) -> Question:
    if question is None:
        question = Question(survey=survey, position=_next_position(survey.questions.all()))
    for field, value in data.items():
        setattr(question, field, value)
    if question.show_if_question_id is None:
        question.show_if_values = []
    question.save()
    # Its kind decides how its answers are counted, its text which previous question it
    # compares with.
    survey_results_recount(survey=survey)
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question.dependents.update(show_if_question=None, show_if_values=[])
    question.delete()
    survey_results_recount(survey=question.survey)


@transaction.atomic
def item_move(*, item: Question | Section, up: bool) -> None:
    """Swap the question (or section) with its neighbour above or below; a question moves
    within its section."""
    siblings = type(item).objects.filter(survey_id=item.survey_id)
    if isinstance(item, Question):
        siblings = siblings.filter(section_id=item.section_id)
    if up:
        neighbour = (
            siblings.filter(
                Q(position__lt=item.position) | Q(position=item.position, pk__lt=item.pk)
            )
            .order_by("-position", "-pk")
            .first()
        )
    else:
        neighbour = (
            siblings.filter(
                Q(position__gt=item.position) | Q(position=item.position, pk__gt=item.pk)
            )
            .order_by("position", "pk")
            .first()
        )
    if neighbour is None:
        return
    if neighbour.position == item.position:
        # Equal positions (older data): spread them out first.
        neighbour.position += -1 if up else 1
    item.position, neighbour.position = neighbour.position, item.position
    item.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


@transaction.atomic
def survey_duplicate(*, survey: Survey, created_by) -> Survey:
    """A new draft edition with the same sections and questions, comparing with this one."""
    copy = Survey.objects.create(
        title_fr=survey.title_fr,
        title_en=survey.title_en,
        intro_fr=survey.intro_fr,
        intro_en=survey.intro_en,
        slug=_unique_slug(survey.title_fr),
        is_anonymous=survey.is_anonymous,
        is_annual=survey.is_annual,
        audience=survey.audience,
        working_group=survey.working_group,
        public_link_enabled=survey.public_link_enabled,
        public_check=survey.public_check,
        reminder_days=list(survey.reminder_days),
        previous_edition=survey,
        created_by=created_by,
    )
    sections = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(
            survey=copy,
            position=section.position,
            title_fr=section.title_fr,
            title_en=section.title_en,
        )
    questions = {}
    originals = list(survey.questions.all())
    for question in originals:
        questions[question.pk] = Question.objects.create(
            survey=copy,
            section=sections.get(question.section_id),
            position=question.position,
            kind=question.kind,
            text_fr=question.text_fr,
            text_en=question.text_en,
            required=question.required,
            choices=question.choices,
            show_if_values=question.show_if_values,
        )
    for question in originals:
        if question.show_if_question_id:
            new = questions[question.pk]
            new.show_if_question = questions[question.show_if_question_id]
            new.save(update_fields=["show_if_question"])
    return copy
