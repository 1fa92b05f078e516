"""The invitations to answer a survey, whose emails carry personal links."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models.surveys import Survey

# The purpose of an invitation's personal link (core.links): answering the survey.
INVITATION_LINK = "surveys.invitation"
# An invitation's link works this long after the email that carries it. Each reminder
# carries a new link, earlier ones keep working; the member space needs none (sign-in).
INVITATION_LINK_VALIDITY = datetime.timedelta(days=365)


class Invitation(models.Model):
    """Whom a survey was sent to, and whether they answered. Its emails carry personal
    links (core.links, INVITATION_LINK): only the tokens' hashes are stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(
        "members.Contact",
        on_delete=models.SET_NULL,
        null=True,
        related_name="survey_invitations",
    )
    email = models.EmailField(_("email"))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="fr")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    links = GenericRelation("core.PersonalLink")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "contact"], name="survey_invitation_once")
        ]
        indexes = [models.Index(fields=["survey", "answered_at"])]

    def __str__(self):
        return f"{self.email} → {self.survey}"
