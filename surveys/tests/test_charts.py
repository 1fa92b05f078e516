import re

import pytest
from django.urls import reverse
from django.utils import translation

from surveys.charts import bar_chart_svg, nps_chart_svg, percent_display
from surveys.models import Answer, Question, Response
from surveys.selectors import Bar
from surveys.tests.factories import QuestionFactory, SurveyFactory

LONG = "Les rencontres d'affaires entre adhérents et grands donneurs d'ordres de la région"
NPS = {
    "total": 63,
    "detractors": 13,
    "passives": 25,
    "promoters": 25,
    "detractors_percent": 20.6,
    "passives_percent": 39.7,
    "promoters_percent": 39.7,
    "score": 19,
}


def _texts(svg: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text) for text in re.findall(r"<text.*?</text>", svg))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["20,6\u202f%", "39,7\u202f%", "Détracteurs"]),
        ("en", ["20.6%", "39.7%", "Promoters"]),
    ],
)
def test_nps_chart_prints_figures_in_the_page_language(language, expected):
    with translation.override(language):
        words = _texts(nps_chart_svg(NPS))
    for text in expected:
        assert text in words


def test_chart_needs_no_style_or_script_the_csp_would_block():
    with translation.override("fr"):
        svg = str(bar_chart_svg([Bar(label=LONG, count=3, percent=4.8)]))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
    assert "style" not in svg and "<script" not in svg and "<foreignObject" not in svg
    assert 'aria-label="Répartition des réponses"' in svg or "aria-label=" in svg


def test_long_labels_are_wrapped_whole_not_cut():
    with translation.override("en"):
        svg = str(bar_chart_svg([Bar(label=LONG, count=1, percent=100), Bar("B", 0, 0)]))
    assert "<tspan" in svg
    assert " ".join(_texts(svg).split()).startswith(" ".join(LONG.split()))


def test_percent_display_follows_the_language():
    with translation.override("fr"):
        assert percent_display(4.8) == "4,8\u202f%"
        assert percent_display(40.0) == "40\u202f%"
    with translation.override("en"):
        assert percent_display(4.8) == "4.8%"


def test_results_table_and_chart_print_the_same_figures(client_for, db):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.YES_NO)
    responses = Response.objects.bulk_create(Response(survey=survey) for _ in range(21))
    Answer.objects.bulk_create(
        Answer(response=r, question=question, value_text="yes" if i else "no")
        for i, r in enumerate(responses)
    )
    staff = client_for("staff")
    for language, figure in (("fr", "4,8\u202f%"), ("en", "4.8%")):
        with translation.override(language):
            url = reverse("surveys:staff_survey_results", kwargs={"pk": survey.pk})
        page = staff.get(url).content.decode()
        table = page[page.index('<table class="visually-hidden">') :]
        assert figure in table
        assert figure in _texts(page[page.index("<svg") : page.index("</svg>")])
