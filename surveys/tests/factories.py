import factory

from surveys.models import Invitation, Question, Survey


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
    invitation = Invitation.objects.create(
        survey=survey, contact=contact, email=contact.email, token_hash=f"pending-{contact.pk}"
    )
    invitation.token_hash = Invitation.hash_token(invitation.token)
    invitation.save(update_fields=["token_hash"])
    return invitation
