"""A closed survey's results, counted once.

A closed survey takes no more answers, so its figures are counted when it closes
(`surveys.services.results`) and the results page reads them back instead of aggregating
thousands of answers on every visit. Changes still possible afterwards (a question edited
or deleted, another previous edition chosen) count them again. Filtered results, written
answers and open surveys are always read live.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models.surveys import Survey


class SurveyResults(models.Model):
    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, primary_key=True, related_name="stored_results"
    )
    # The counts behind the page (`surveys.selectors.survey_counts`), not its labels: the
    # page words them in the reader's language and follows the questions as they are now.
    figures = models.JSONField(_("figures"))
    counted_at = models.DateTimeField(_("counted"), auto_now=True)

    class Meta:
        verbose_name = _("stored survey results")
        verbose_name_plural = _("stored survey results")

    def __str__(self):
        return f"results of {self.survey_id}"
