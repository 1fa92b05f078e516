"""The communications app's demo data: the FAQ and the newsletter subscribers."""

import re

import pytest

from communications.demo.faq import FAQ, faq_seed, first_year_rule
from communications.models import FaqEntry
from members.demo.register import membership_categories_create
from members.models import FeeBand

FAQ_CATEGORIES = ["mission", "domaines-d-action", "adhesion", "labellisation", "contacts"]


def test_faq_has_french_and_english_entries_in_every_category(db):
    faq_seed()

    entries = FaqEntry.objects.select_related("category")
    assert 12 <= entries.count() <= 15
    assert {entry.category.slug for entry in entries} == set(FAQ_CATEGORIES)
    for entry in entries:
        assert entry.question_fr and entry.question_en
        assert entry.answer_fr and entry.answer_en
        assert entry.is_published


@pytest.mark.parametrize("early_start_months", [0, 3])
def test_faq_promises_the_fee_grid_and_states_the_first_period_rule(
    db, settings, early_start_months
):
    settings.MEMBERSHIP_EARLY_START_MONTHS = early_start_months
    membership_categories_create()
    faq_seed()

    dues_answer = FaqEntry.objects.get(slug="montant-de-la-cotisation")
    # The amounts the FAQ promises are the fee grid's, and the grid's are all in the FAQ.
    promised = {
        int(amount.replace(" ", "").replace("\u00a0", ""))
        for amount in re.findall(r"(\d[\d  ]*) € HT", dues_answer.answer_fr)
    }
    grid = {int(amount) for amount in FeeBand.objects.values_list("amount", flat=True)}
    assert promised == grid
    rule_fr, rule_en = first_year_rule()
    assert dues_answer.answer_fr.endswith(rule_fr)
    assert dues_answer.answer_en.endswith(rule_en)
    assert "{first_year}" not in dues_answer.answer_fr + dues_answer.answer_en


@pytest.mark.parametrize(
    ("early_start_months", "french", "english"),
    [
        (0, "au prorata des mois restants.", "prorated to the months left."),
        (2, "dans les 2 derniers mois de l'année", "in the last 2 months of the year"),
    ],
)
def test_faq_states_the_configured_rule(settings, early_start_months, french, english):
    settings.MEMBERSHIP_EARLY_START_MONTHS = early_start_months
    rule_fr, rule_en = first_year_rule()
    assert french in rule_fr
    assert english in rule_en
    dues_answers = [row for row in FAQ if "{first_year}" in row[4]]
    assert len(dues_answers) == 1 and "{first_year}" in dues_answers[0][5]
