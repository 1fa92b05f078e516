"""Surveys in a real Chromium: the results charts lay out long labels and close figures
without any text running over another or out of the chart, in both languages, on a phone
and on a desktop; rating and NPS answers are large tap targets."""

import re

import pytest
from playwright.sync_api import expect

from core.tests.factories import UserFactory
from surveys.models import Answer, Question, Response
from surveys.tests.factories import QuestionFactory, SurveyFactory
from tests.test_browser import (  # noqa: F401 (fixtures)
    DESKTOP,
    _fr,
    _keep_screenshot,
    _sign_in,
    browser,
    new_page,
)

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}

LONG_CHOICES = [
    {
        "value": "meetings",
        "label_fr": "Les rencontres d'affaires entre adhérents et grands donneurs d'ordres",
        "label_en": "Business meetings between members and large contractors of the region",
    },
    {
        "value": "groups",
        "label_fr": "Les groupes de travail thématiques (industrie du futur, numérique)",
        "label_en": "Thematic working groups (industry of the future, digital)",
    },
    {
        "value": "newsletter",
        "label_fr": "La lettre d'information",
        "label_en": "The newsletter",
    },
    {
        "value": "funding",
        "label_fr": "L'accompagnement au montage de dossiers de financement européens",
        "label_en": "Help with putting together applications for European funding",
    },
]

# Every <text> of every chart, as the browser lays it out.
TEXT_BOXES = """
() => [...document.querySelectorAll("figure svg.chart")].map((svg) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  return {
    svg: box(svg),
    texts: [...svg.querySelectorAll("text")]
      .filter((text) => text.textContent.trim() !== "")
      .map((text) => ({text: text.textContent, ...box(text), bbox: text.getBBox().width})),
  };
})
"""


def _results_survey():
    survey = SurveyFactory(title_fr="Satisfaction 2026", title_en="Satisfaction 2026")
    nps = QuestionFactory(
        survey=survey,
        kind=Question.Kind.NPS,
        text_fr="Recommanderiez-vous le cluster ?",
        text_en="Would you recommend the cluster?",
    )
    single = QuestionFactory(
        survey=survey,
        kind=Question.Kind.SINGLE,
        choices=LONG_CHOICES,
        text_fr="Quelle action vous est la plus utile ?",
        text_en="Which action is the most useful to you?",
    )
    # 63 people: 13 detractors (20.6 %), 25 passives (39.7 %), 25 promoters (39.7 %); the
    # single choice splits 30 / 20 / 10 / 3 (47.6, 31.7, 15.9 and 4.8 %).
    responses = Response.objects.bulk_create(Response(survey=survey) for _ in range(63))
    scores = [3] * 13 + [7] * 25 + [10] * 25
    picks = ["meetings"] * 30 + ["groups"] * 20 + ["newsletter"] * 10 + ["funding"] * 3
    Answer.objects.bulk_create(
        [
            Answer(response=r, question=nps, value_int=s)
            for r, s in zip(responses, scores, strict=True)
        ]
        + [
            Answer(response=r, question=single, value_text=p)
            for r, p in zip(responses, picks, strict=True)
        ]
    )
    return survey


def _overlap(a, b, tolerance=0.5) -> bool:
    return (
        a["left"] < b["right"] - tolerance
        and b["left"] < a["right"] - tolerance
        and a["top"] < b["bottom"] - tolerance
        and b["top"] < a["bottom"] - tolerance
    )


def _inside(inner, outer, tolerance=0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - tolerance
        and inner["right"] <= outer["right"] + tolerance
        and inner["top"] >= outer["top"] - tolerance
        and inner["bottom"] <= outer["bottom"] + tolerance
    )


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_results_charts_text_neither_overlaps_nor_is_clipped(new_page, language, viewport):  # noqa: F811
    UserFactory(email="animatrice@cluster.test", is_staff=True)
    survey = _results_survey()
    page = new_page(viewport=viewport)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    _sign_in(page, "animatrice@cluster.test")
    page.goto(f"/{language}/staff/surveys/{survey.pk}/results/")
    expect(page.locator("figure svg.chart")).to_have_count(2)

    _keep_screenshot(page, f"survey-results-{language}-{viewport['width']}.png")
    charts = page.evaluate(TEXT_BOXES)
    problems = []
    for chart in charts:
        texts = chart["texts"]
        assert texts, chart
        for index, text in enumerate(texts):
            if not _inside(text, chart["svg"]):
                problems.append(f"clipped: {text['text']!r} {text} in {chart['svg']}")
            for other in texts[index + 1 :]:
                if _overlap(text, other):
                    problems.append(f"overlap: {text['text']!r} and {other['text']!r}")
    assert not problems, "\n".join(problems)

    # Figures in the page's language, as in the tables.
    words = " ".join(text["text"] for chart in charts for text in chart["texts"])
    if language == "fr":
        assert re.search(r"20,6\s%", words) and re.search(r"4,8\s%", words), words
        assert not re.search(r"\d\.\d", words), words
        assert "Détracteurs" in words
    else:
        assert "20.6%" in words and "4.8%" in words, words
        assert not re.search(r"\d,\d", words), words
        assert "Detractors" in words
    assert not page.locator("figure svg.chart [style]").count()
    # Inline in the page, the charts need nothing the CSP refuses.
    assert [text for text in console if "Content Security Policy" in text] == []


def test_rating_and_nps_answers_are_large_radio_buttons_for_thumb_and_keyboard(new_page):  # noqa: F811
    survey = SurveyFactory(public_link_enabled=True)
    nps = QuestionFactory(survey=survey, kind=Question.Kind.NPS, required=True)
    rating = QuestionFactory(survey=survey, kind=Question.Kind.RATING, required=True)
    page = new_page(viewport=PHONE_390)
    page.goto(f"/fr/surveys/public/{survey.slug}/")

    labels = page.locator(".choices--scale .choice label")
    expect(labels).to_have_count(11 + 5)
    for index in range(labels.count()):
        box = labels.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    # Eleven buttons wrap on a phone instead of widening the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]

    # Real radio buttons, named by their number.
    expect(page.get_by_role("radio", name="9", exact=True)).to_have_count(1)
    page.locator(f"label[for=id_q{nps.pk}_9]").click()
    expect(page.locator(f"#id_q{nps.pk}_9")).to_be_checked()
    # The keyboard moves within a scale with the arrow keys.
    page.locator(f"#id_q{rating.pk}_0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#id_q{rating.pk}_1")).to_be_checked()
    expect(page.locator(f"#id_q{rating.pk}_1")).to_be_focused()
    _keep_screenshot(page, "survey-answer-scales-fr-390.png")

    page.get_by_role("button", name=_fr("Send my answers")).click()
    expect(page.locator("main h1")).to_have_text(_fr("Thank you for your answers"))
    answers = dict(Response.objects.get().answers.values_list("question_id", "value_int"))
    assert answers == {nps.pk: 9, rating.pk: 2}


def test_scale_answers_work_without_javascript(new_page):  # noqa: F811
    survey = SurveyFactory(public_link_enabled=True)
    nps = QuestionFactory(survey=survey, kind=Question.Kind.NPS, required=True)
    page = new_page(viewport=PHONE_390, java_script_enabled=False)
    page.goto(f"/en/surveys/public/{survey.slug}/")
    page.locator(f"label[for=id_q{nps.pk}_7]").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("main h1")).to_have_text("Thank you for your answers")
    assert Response.objects.get().answers.get().value_int == 7
