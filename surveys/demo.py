"""Demo surveys: this year's annual satisfaction survey (open, about 40 % answered) and the
satisfaction surveys of the two latest past events (closed, anonymous), with answers."""

import datetime
import random

from django.utils import timezone

from core.demo import bulk_copy
from events.models import Event, Registration
from surveys.models import (
    Answer,
    Invitation,
    PublicRespondent,
    Question,
    Response,
    Section,
    Survey,
)
from surveys.services.sending import invitations_bulk_create

INVITATIONS_BATCH_SIZE = 1000

TEXTS = [
    "Plus de rencontres entre adhérents de filières différentes.",
    "Les groupes de travail sont très utiles, continuez !",
    "Des événements en fin de journée seraient plus faciles pour nous.",
    "Mieux faire connaître les appels à projets en amont.",
    "Un annuaire plus détaillé des compétences des membres.",
    "Davantage d'accompagnement sur les dossiers de financement.",
    "La lettre d'information est trop longue.",
    "Excellente organisation, merci à l'équipe d'animation.",
]
ANNUAL_CHOICES = [
    ("evenements", "Événements et rencontres", "Events and meetings"),
    ("groupes", "Groupes de travail", "Working groups"),
    ("mise-en-relation", "Mises en relation", "Introductions"),
    ("veille", "Veille et information", "Watch and news"),
    ("projets", "Accompagnement de projets", "Project support"),
]
CHANNELS = [
    ("lettre", "Lettre d'information", "Newsletter"),
    ("email", "Courriel direct", "Direct email"),
    ("linkedin", "LinkedIn", "LinkedIn"),
    ("site", "Site web", "Website"),
]


def _choices(rows):
    return [{"value": v, "label_fr": fr, "label_en": en} for v, fr, en in rows]


def _nps(rng: random.Random) -> int:
    # Most members are content, a few are not: a positive but not perfect score.
    return rng.choices(range(11), weights=[1, 1, 1, 1, 2, 3, 4, 8, 14, 16, 12])[0]


def _rating(rng: random.Random) -> int:
    return rng.choices(range(1, 6), weights=[1, 2, 5, 10, 7])[0]


def _annual(*, rng, people, staff_user, today: datetime.date) -> int:
    now = timezone.now()
    survey = Survey.objects.create(
        title_fr=f"Enquête de satisfaction des adhérents {today.year}",
        title_en=f"Members' satisfaction survey {today.year}",
        intro_fr="Dix minutes pour nous dire ce qui vous est utile et ce qu'il faut changer.",
        intro_en="Ten minutes to tell us what helps you and what should change.",
        slug=f"satisfaction-{today.year}",
        is_annual=True,
        status=Survey.Status.OPEN,
        audience=Survey.Audience.MEMBERS,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=20),
        sent_at=now - datetime.timedelta(days=10),
        reminder_days=[7, 14],
        created_by=staff_user,
    )
    membership = Section.objects.create(
        survey=survey, position=1, title_fr="Votre adhésion", title_en="Your membership"
    )
    communication = Section.objects.create(
        survey=survey, position=2, title_fr="Communication", title_en="Communication"
    )

    def question(position, section, kind, fr, en, **extra):
        return Question.objects.create(
            survey=survey,
            section=section,
            position=position,
            kind=kind,
            text_fr=fr,
            text_en=en,
            **extra,
        )

    overall = question(
        1,
        membership,
        Question.Kind.RATING,
        "Globalement, êtes-vous satisfait(e) de votre adhésion ?",
        "Overall, are you satisfied with your membership?",
        required=True,
    )
    recommend = question(
        2,
        membership,
        Question.Kind.NPS,
        "Recommanderiez-vous le cluster à une entreprise de votre réseau ?",
        "Would you recommend the cluster to a company you know?",
        required=True,
    )
    useful = question(
        3,
        membership,
        Question.Kind.MULTIPLE,
        "Quelles actions vous ont été les plus utiles ?",
        "Which actions helped you most?",
        choices=_choices(ANNUAL_CHOICES),
    )
    channel = question(
        4,
        communication,
        Question.Kind.SINGLE,
        "Par quel canal préférez-vous être informé(e) ?",
        "How do you prefer to be informed?",
        choices=_choices(CHANNELS),
    )
    enough = question(
        5,
        communication,
        Question.Kind.YES_NO,
        "Les informations que vous recevez sont-elles suffisantes ?",
        "Is the information you receive enough?",
    )
    improve = question(
        6,
        communication,
        Question.Kind.LONG_TEXT,
        "Que devrions-nous améliorer ?",
        "What should we improve?",
        show_if_question=enough,
        show_if_values=["no"],
    )
    members = [
        (contact, affiliation)
        for contact, affiliation in people
        if contact.email and affiliation.organization.lifecycle == "member"
    ]
    invitations = [
        Invitation(
            survey=survey,
            contact=contact,
            email=contact.email,
            language=contact.preferred_language,
            sent_at=survey.sent_at,
        )
        for contact, _affiliation in members
    ]
    answering = [
        (invitation, affiliation)
        for invitation, (_contact, affiliation) in zip(invitations, members, strict=True)
        if rng.random() < 0.4
    ]
    for invitation, _affiliation in answering:
        invitation.answered_at = now - datetime.timedelta(days=rng.randint(0, 9))
    # A thousand at a time: a 10,000-organization cluster invites ~20,000 people.
    for start in range(0, len(invitations), INVITATIONS_BATCH_SIZE):
        invitations_bulk_create(invitations=invitations[start : start + INVITATIONS_BATCH_SIZE])
    responses = [
        Response(
            survey=survey,
            invitation=invitation,
            contact_id=invitation.contact_id,
            organization_id=affiliation.organization_id,
            submitted_at=invitation.answered_at,
            submitted_on=timezone.localdate(invitation.answered_at),
        )
        for invitation, affiliation in answering
    ]
    bulk_copy(Response, responses)
    answers = []
    for response in responses:
        said_no = rng.random() < 0.3
        answers += [
            Answer(response=response, question=overall, value_int=_rating(rng)),
            Answer(response=response, question=recommend, value_int=_nps(rng)),
            Answer(
                response=response,
                question=useful,
                value_choices=rng.sample([c[0] for c in ANNUAL_CHOICES], rng.randint(1, 3)),
            ),
            Answer(response=response, question=channel, value_text=rng.choice(CHANNELS)[0]),
            Answer(response=response, question=enough, value_text="no" if said_no else "yes"),
        ]
        if said_no:
            answers.append(
                Answer(response=response, question=improve, value_text=rng.choice(TEXTS))
            )
    bulk_copy(Answer, answers)
    return len(responses)


def _post_event(*, rng, event: Event, staff_user) -> int:
    ended = event.ends_at
    survey = Survey.objects.create(
        title_fr=f"Satisfaction : {event.title_fr}",
        title_en=f"Satisfaction: {event.title_en or event.title_fr}",
        slug=f"satisfaction-{event.slug}"[:220],
        is_anonymous=True,
        status=Survey.Status.CLOSED,
        audience=Survey.Audience.ATTENDEES,
        event=event,
        # The link was shown on screen at the end, for guests who had not registered:
        # one answer per confirmed email address.
        public_link_enabled=True,
        public_check=Survey.PublicCheck.EMAIL,
        opens_at=ended,
        closes_at=ended + datetime.timedelta(days=14),
        sent_at=ended,
        reminder_days=[7],
        created_by=staff_user,
    )
    questions = [
        Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text_fr=fr,
            text_en=en,
            required=kind != Question.Kind.LONG_TEXT,
        )
        for position, (kind, fr, en) in enumerate(
            [
                (Question.Kind.RATING, "Qualité des interventions", "Quality of the talks"),
                (Question.Kind.RATING, "Organisation et accueil", "Organisation and welcome"),
                (
                    Question.Kind.NPS,
                    "Recommanderiez-vous ce format à un collègue ?",
                    "Would you recommend this format to a colleague?",
                ),
                (Question.Kind.LONG_TEXT, "Vos commentaires", "Your comments"),
            ],
            start=1,
        )
    ]
    attendees = list(
        Registration.objects.filter(
            event=event, contact__isnull=False, attendance=Registration.Attendance.PRESENT
        ).select_related("contact")
    )
    invitations = invitations_bulk_create(
        invitations=[
            Invitation(
                survey=survey,
                contact=registration.contact,
                email=registration.contact.email or registration.email,
                language=registration.contact.preferred_language,
                sent_at=ended,
            )
            for registration in attendees
            if registration.contact.email or registration.email
        ]
    )
    answered = [invitation for invitation in invitations if rng.random() < 0.6]
    for invitation in answered:
        day = timezone.localtime(ended + datetime.timedelta(days=rng.randint(0, 6)))
        # As for real anonymous answers, the invitation keeps the day only.
        invitation.answered_at = day.replace(hour=0, minute=0, second=0, microsecond=0)
    Invitation.objects.bulk_update(answered, ["answered_at"])
    # Anonymous: no invitation, contact or organization, and the day only.
    days = [timezone.localdate(invitation.answered_at) for invitation in answered]
    # A few guests answered through the public link and confirmed their address.
    guests = rng.randint(2, 5)
    PublicRespondent.objects.bulk_create(
        PublicRespondent(
            survey=survey,
            email_hash=PublicRespondent.hash_email(f"invite{number}.{event.pk}@example.org"),
            confirmed_on=timezone.localdate(ended),
        )
        for number in range(guests)
    )
    days += [timezone.localdate(ended)] * guests
    responses = Response.objects.bulk_create(
        Response(survey=survey, submitted_on=day) for day in days
    )
    quality, organisation, recommend, comments = questions
    answers = []
    for response in responses:
        answers += [
            Answer(response=response, question=quality, value_int=_rating(rng)),
            Answer(response=response, question=organisation, value_int=_rating(rng)),
            Answer(response=response, question=recommend, value_int=_nps(rng)),
        ]
        if rng.random() < 0.3:
            answers.append(
                Answer(response=response, question=comments, value_text=rng.choice(TEXTS))
            )
    Answer.objects.bulk_create(answers)
    return len(responses)


def surveys_seed(
    *, rng: random.Random, events: list[Event], people, staff_user, today: datetime.date
) -> int:
    """Create the demo surveys; `people` are (Contact, Affiliation) pairs. Returns the number
    of responses."""
    count = _annual(rng=rng, people=people, staff_user=staff_user, today=today)
    now = timezone.now()
    past = sorted((e for e in events if e.ends_at < now), key=lambda e: e.ends_at)[-2:]
    for event in past:
        count += _post_event(rng=rng, event=event, staff_user=staff_user)
    return count


def flush() -> None:
    """Delete the surveys, with their questions, invitations and answers."""
    Survey.objects.all().delete()
