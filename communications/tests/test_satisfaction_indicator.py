import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communications.selectors import indicators
from surveys.models import Question, Survey
from surveys.tests.factories import QuestionFactory, SurveyFactory
from surveys.tests.test_crm_links import _answer


@pytest.mark.django_db
def test_satisfaction_indicator_is_the_latest_annual_nps(personas):
    today = timezone.localdate()
    old = SurveyFactory(is_annual=True, opens_at=timezone.now() - datetime.timedelta(days=400))
    old_nps = QuestionFactory(survey=old, kind=Question.Kind.NPS)
    _answer(old, personas.member_contact.contact, {old_nps.pk: "2"})
    Survey.objects.filter(pk=old.pk).update(status=Survey.Status.CLOSED)
    current = SurveyFactory(is_annual=True, opens_at=timezone.now() - datetime.timedelta(days=1))
    nps = QuestionFactory(survey=current, kind=Question.Kind.NPS)
    _answer(current, personas.member_contact.contact, {nps.pk: "10"})
    SurveyFactory(is_annual=True, status=Survey.Status.DRAFT)
    assert indicators.satisfaction(today=today) == Decimal("100")
