"""Every search box of the portal ignores accents and case.

Each page with a search box gets a row whose text is accented ("Zéphyrine Néobêta"); the box
must find it with the same word typed without accents and in another case ("NEOBETA"),
and must not show it for a word it does not contain (else the test would pass on a page that
ignores its query). A walk over the project's templates checks that every template holding
a search box (a field named `q`) is among those these pages rendered: a new search box
fails here until it is added to SEARCH_BOXES.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from communications.models import FaqCategory, FaqEntry, MediaCoverage, NewsArticle, Subscriber
from core.search import search_filter, search_normalise
from core.tests.factories import UserFactory
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Organization
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from surveys.models import Answer, Question, Response
from surveys.tests.factories import QuestionFactory, SurveyFactory

ACCENTED = "Néobêta"
TYPED = "NEOBETA"
MISSING = "qwxzk"
SEARCH_BOX = re.compile(r'name="q"|field=(?:filter_)?form\.q\b')


@dataclass
class SearchBox:
    url_name: str
    # Creates the accented row and returns the kwargs of the page's URL.
    make: Callable[[], dict]
    staff: bool = True


def _organization():
    OrganizationFactory(name=f"Zéphyrine {ACCENTED}", directory_consent_at=timezone.now())
    return {}


def _contact():
    AffiliationFactory(contact=ContactFactory(first_name="Zéphyrine", last_name=ACCENTED))
    return {}


def _faq():
    category = FaqCategory.objects.create(slug="zephyr", name_fr="Adhésion")
    FaqEntry.objects.create(
        category=category,
        question_fr=f"Zéphyrine {ACCENTED} ?",
        answer_fr="Oui.",
        is_published=True,
    )
    return {}


def _news():
    NewsArticle.objects.create(title_fr=f"Zéphyrine {ACCENTED}", slug="zephyrine", body_fr="x")
    return {}


def _coverage():
    MediaCoverage.objects.create(
        published_on=timezone.localdate(), outlet="La Dépêche", title=f"Zéphyrine {ACCENTED}"
    )
    return {}


def _subscriber():
    Subscriber.objects.create(email="zephyrine@example.org", last_name=f"Zéphyrine {ACCENTED}")
    return {}


def _event():
    EventFactory(title_fr=f"Zéphyrine {ACCENTED}")
    return {}


def _checkin():
    event = EventFactory()
    RegistrationFactory(event=event, first_name="Zéphyrine", last_name=ACCENTED)
    return {"slug": event.slug}


def _opportunity():
    from collaboration.tests.opportunity_factories import opportunity_make

    opportunity_make(title=f"Zéphyrine {ACCENTED}")
    return {}


def _survey_answer():
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.LONG_TEXT)
    Answer.objects.create(
        response=Response.objects.create(survey=survey),
        question=question,
        value_text=f"Zéphyrine {ACCENTED}",
    )
    return {"pk": survey.pk}


SEARCH_BOXES = [
    SearchBox("members:directory", _organization, staff=False),
    SearchBox("members:staff_organizations", _organization),
    SearchBox("members:staff_contacts", _contact),
    SearchBox("communications:faq", _faq, staff=False),
    SearchBox("communications:staff_news", _news),
    SearchBox("communications:staff_coverage", _coverage),
    SearchBox("communications:staff_newsletter_subscribers", _subscriber),
    SearchBox("events:staff_events", _event),
    SearchBox("events:checkin", _checkin),
    SearchBox("surveys:staff_survey_results", _survey_answer),
    SearchBox("collaboration:opportunity_board", _opportunity, staff=False),
    SearchBox("collaboration:staff_opportunities", _opportunity),
]


def _search(client, box: SearchBox, kwargs: dict, query: str):
    response = client.get(reverse(box.url_name, kwargs=kwargs), {"q": query})
    assert response.status_code == 200, (box.url_name, response.status_code)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("box", SEARCH_BOXES, ids=lambda box: box.url_name)
def test_search_box_finds_accented_text_typed_without_accents_in_another_case(client, box):
    if box.staff:
        client.force_login(
            UserFactory(is_staff=True), backend="django.contrib.auth.backends.ModelBackend"
        )
    kwargs = box.make()

    found = _search(client, box, kwargs, TYPED).content.decode()
    missed = _search(client, box, kwargs, MISSING).content.decode()

    assert f"Zéphyrine {ACCENTED}" in found or ACCENTED in found, box.url_name
    assert ACCENTED not in missed, f"{box.url_name} ignores its query"
    found_lower = _search(client, box, kwargs, "zephyrine neobeta").content.decode()
    assert ACCENTED in found_lower, box.url_name


def _project_templates() -> list[Path]:
    roots = [settings.BASE_DIR / "templates"] + [
        settings.BASE_DIR / app / "templates"
        for app in ("core", "members", "events", "communications", "surveys", "collaboration")
    ]
    return [path for root in roots if root.exists() for path in root.rglob("*.html")]


@pytest.mark.django_db
def test_every_template_with_a_search_box_is_covered(client):
    client.force_login(
        UserFactory(is_staff=True), backend="django.contrib.auth.backends.ModelBackend"
    )
    rendered = set()
    for box in SEARCH_BOXES:
        response = _search(client, box, box.make(), TYPED)
        rendered |= {template.origin.name for template in response.templates if template.origin}
    with_box = {str(path) for path in _project_templates() if SEARCH_BOX.search(path.read_text())}
    assert with_box, "the walk found no search box at all"
    assert with_box <= rendered, f"search boxes missing from SEARCH_BOXES: {with_box - rendered}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("adhesion", True),
        ("ADHÉSION", True),
        ("Adhesion neo", True),
        ("neo beta", True),
        ("œuvre", False),
        ("", True),
    ],
)
def test_search_filter_matches_every_word_in_any_field_without_accents(query, found):
    organization = OrganizationFactory(name="Procédure d'adhésion", city="Néo-Bêta")
    matches = Organization.objects.filter(search_filter(query, ["name", "city"]))
    assert (organization in matches) is found
    assert search_normalise("Œuvre ÉCOLE") == "oeuvre ecole"
