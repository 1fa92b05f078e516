import factory

from surveys.models import Invitation, Question, Survey
from surveys.services.sending import invitation_link_issue


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title_fr = factory.Sequence(lambda n: f"Enquête {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"enquete-{n}")
    status = Survey.Status.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.RATING
    text_fr = factory.Sequence(lambda n: f"Question {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")


def invitation_for(survey: Survey, contact) -> Invitation:
    """An invitation, with `.token`: the token of a link issued for it, as in its email."""
    invitation = Invitation.objects.create(survey=survey, contact=contact, email=contact.email)
    invitation.token = invitation_link_issue(invitation=invitation)
    return invitation
