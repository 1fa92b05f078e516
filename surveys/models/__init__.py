"""Satisfaction surveys: questions staff build, invitations sent to contacts, answers.

Anonymous surveys keep no link between a response and a person: the invitation only
learns that it was used, and the response keeps the day it came in, not the time.
"""

from surveys.models.invitations import INVITATION_LINK, INVITATION_LINK_VALIDITY, Invitation
from surveys.models.responses import (
    PUBLIC_CONFIRM_LINK,
    Answer,
    PendingResponse,
    PublicRespondent,
    Response,
    ResponseDraft,
)
from surveys.models.results import SurveyResults
from surveys.models.surveys import Question, Section, Survey

__all__ = [
    "INVITATION_LINK",
    "INVITATION_LINK_VALIDITY",
    "PUBLIC_CONFIRM_LINK",
    "Answer",
    "Invitation",
    "PendingResponse",
    "PublicRespondent",
    "Question",
    "Response",
    "ResponseDraft",
    "Section",
    "Survey",
    "SurveyResults",
]
