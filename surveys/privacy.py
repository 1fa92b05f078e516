"""Personal data held by the surveys app (see core.personal_data). Imported by
SurveysConfig.ready()."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import (
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Person,
    Retention,
    iso,
    register,
)
from surveys.models import (
    Answer,
    Invitation,
    PendingResponse,
    PublicRespondent,
    Question,
    Response,
    ResponseDraft,
    Survey,
)

register(Survey, **LOGIN_ONLY)

SURVEY_RETENTION = Retention(_("As long as the survey's results; anonymised on erasure"))


def _drafts(person: Person):
    return ResponseDraft.objects.filter(
        Q(invitation__contact=person.contact) | person.by_address("invitation__email")
    )


def _drafts_export(person: Person) -> list[dict]:
    drafts = _drafts(person).select_related("invitation__survey").order_by("updated_at", "pk")
    return [
        {
            "survey": draft.invitation.survey.title,
            "answers": draft.answers,
            "saved_at": iso(draft.updated_at),
        }
        for draft in drafts
    ]


def _drafts_erase(person: Person) -> None:
    # An unfinished draft is the person's own words, counted nowhere. Registered before the
    # invitations, which lose the address guests' drafts are found by.
    _drafts(person).delete()


register(
    ResponseDraft,
    name=_("survey drafts"),
    key="survey_drafts",
    purpose=_("Satisfaction surveys: answers saved to finish later"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Answers not yet sent"),
    retention=Retention(_("Until the response is sent; deleted on erasure")),
    export=_drafts_export,
    erase=_drafts_erase,
)


def _invitations(person: Person):
    return Invitation.objects.filter(Q(contact=person.contact) | person.by_address("email"))


def _invitations_export(person: Person) -> list[dict]:
    invitations = _invitations(person).select_related("survey").order_by("created_at", "pk")
    return [
        {
            "survey": invitation.survey.title,
            "email": invitation.email,
            "sent_at": iso(invitation.sent_at),
            "answered_at": iso(invitation.answered_at),
        }
        for invitation in invitations
    ]


def _invitations_erase(person: Person) -> None:
    # Invitations stay (they are the response rate), without the address.
    _invitations(person).update(email=f"erased-contact-{person.contact.pk}@invalid")


register(
    Invitation,
    name=_("survey invitations"),
    key="survey_invitations",
    purpose=_("Satisfaction surveys: personal links and reminders"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Address, language, when the link was sent and answered"),
    retention=SURVEY_RETENTION,
    export=_invitations_export,
    erase=_invitations_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _responses_export(person: Person) -> list[dict]:
    # Only surveys that name who answered: anonymous responses cannot be traced back.
    responses = (
        Response.objects.filter(contact=person.contact)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__position", "question__pk"
                ),
            )
        )
        .order_by("submitted_on", "pk")
    )
    return [
        {
            "survey": response.survey.title,
            "submitted_at": iso(response.submitted_at or response.submitted_on),
            "answers": [
                {"question": answer.question.text, "value": answer.display_value()}
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


def _responses_erase(person: Person) -> None:
    responses = Response.objects.filter(contact=person.contact)
    # Written answers may say who wrote them; ratings and choices only count.
    Answer.objects.filter(
        response__in=responses,
        question__kind__in=[Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT],
    ).update(value_text="")
    responses.update(contact=None)


register(
    Response,
    name=_("survey responses"),
    key="survey_responses",
    purpose=_("Satisfaction surveys: results"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Answers, and who gave them when the survey is not anonymous"),
    retention=SURVEY_RETENTION,
    export=_responses_export,
    erase=_responses_erase,
)


def _pending_export(person: Person) -> list[dict]:
    pending = (
        PendingResponse.objects.filter(person.by_address("email"))
        .select_related("survey")
        .order_by("created_at", "pk")
    )
    return [
        {
            "survey": answer.survey.title,
            "email": answer.email,
            "answers": answer.values,
            "given_at": iso(answer.created_at),
        }
        for answer in pending
    ]


def _pending_erase(person: Person) -> None:
    PendingResponse.objects.filter(person.by_address("email")).delete()


register(
    PendingResponse,
    name=_("survey answers awaiting confirmation"),
    key="survey_pending_answers",
    purpose=_("Satisfaction surveys: one answer per confirmed address on public links"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Address, answers not yet counted"),
    retention=Retention(_("Until confirmed, or deleted once the confirmation link expires")),
    export=_pending_export,
    erase=_pending_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _respondents(person: Person):
    hashes = [PublicRespondent.hash_email(address) for address in person.addresses]
    return PublicRespondent.objects.filter(email_hash__in=hashes)


def _respondents_export(person: Person) -> list[dict]:
    rows = _respondents(person).select_related("survey").order_by("confirmed_on", "pk")
    return [{"survey": row.survey.title, "confirmed_on": iso(row.confirmed_on)} for row in rows]


def _respondents_erase(person: Person) -> None:
    _respondents(person).delete()


register(
    PublicRespondent,
    name=_("confirmed public survey answers"),
    key="survey_public_respondents",
    purpose=_("Satisfaction surveys: one answer per confirmed address on public links"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("A keyed hash of the address, the survey and the day it was confirmed"),
    retention=SURVEY_RETENTION,
    export=_respondents_export,
    erase=_respondents_erase,
)
