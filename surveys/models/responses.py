"""Answers: drafts kept to finish later, responses and their answers, answers given
through a public link waiting for their email address to be confirmed.

Anonymous surveys keep no link between a response and a person: the invitation only
learns that it was used, and the response keeps the day it came in, not the time.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from surveys.models.invitations import Invitation
from surveys.models.surveys import Question, Survey

# The purpose of the personal link (core.links) confirming the address given with an
# answer through a public link.
PUBLIC_CONFIRM_LINK = "surveys.public-confirm"


class ResponseDraft(models.Model):
    """Answers saved to finish later, by invitation. Deleted when the response is submitted."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="draft")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"draft {self.invitation_id}"


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Always empty for anonymous surveys, as are contact and organization.
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    contact = models.ForeignKey(
        "members.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    # Anonymous responses keep the day only (see the module docstring).
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "organization"])]

    def __str__(self):
        return f"response {self.pk} to {self.survey_id}"


class PendingResponse(models.Model):
    """An answer given through the public link of a survey that counts one answer per
    confirmed email address, waiting for its owner to confirm. It is not a Response: no
    result, count or export sees it. Confirming turns it into one and deletes it; the
    periodic job deletes the ones whose link expired."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pending_responses")
    email = models.EmailField(_("email"))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="fr")
    # {question id: cleaned value}, as AnswerForm.values() gives them.
    values = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The link of the confirmation email (PUBLIC_CONFIRM_LINK).
    links = GenericRelation("core.PersonalLink")

    def __str__(self):
        return f"pending answer {self.pk} to {self.survey_id}"


class PublicRespondent(models.Model):
    """An email address whose answer to a survey's public link was confirmed and counted.

    The database refuses a second row for the same survey and address. Only a keyed hash
    of the address is kept, and no link to the response: an anonymous survey stays so."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="public_respondents")
    email_hash = models.CharField(max_length=64)
    confirmed_on = models.DateField(_("confirmed on"), default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email_hash"], name="survey_public_respondent_once"
            )
        ]

    def __str__(self):
        return f"respondent {self.pk} to {self.survey_id}"

    @staticmethod
    def hash_email(email: str, *, secret: str | None = None) -> str:
        normalised = email.strip().lower()
        return salted_hmac(
            "surveys.PublicRespondent", normalised, secret=secret, algorithm="sha256"
        ).hexdigest()

    @staticmethod
    def former_email_hashes(email: str) -> list[str]:
        """The address's hashes under the former secret keys (SECRET_KEY_FALLBACKS): after
        a key rotation, an address already counted is still recognised."""
        return [
            PublicRespondent.hash_email(email, secret=secret)
            for secret in settings.SECRET_KEY_FALLBACKS
        ]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value_int = models.IntegerField(null=True, blank=True)
    value_text = models.TextField(blank=True)
    value_choices = models.JSONField(default=list, blank=True)

    class Meta:
        # Distributions group by question and value. No index on value_text: long written
        # answers would exceed a B-tree entry's size.
        indexes = [
            models.Index(fields=["question", "value_int"]),
            # The results page counts and orders the written answers from this index alone.
            models.Index(
                fields=["question", "id"],
                condition=~models.Q(value_text=""),
                name="answer_written",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self):
        return f"answer {self.pk} to {self.question_id}"

    def display_value(self) -> str:
        """The answer as the person saw it (labels, not stored values)."""
        if self.value_int is not None:
            return str(self.value_int)
        if self.question.kind == Question.Kind.MULTIPLE:
            return ", ".join(self.question.label_of(value) for value in self.value_choices)
        if self.question.kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
            return self.question.label_of(self.value_text)
        return self.value_text
