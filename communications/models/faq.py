from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translation import in_language


class FaqCategory(models.Model):
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("anchor"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")
        ordering = ["position", "name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class FaqEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, query: str):
        """Every word in the question or the answer, in either language, accents and case
        aside."""
        from core.search import words_match

        fields = ["question_fr", "question_en", "answer_fr", "answer_en"]
        return words_match(self, fields=fields, query=query)


class FaqEntry(models.Model):
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    question_fr = models.CharField(_("question (French)"), max_length=255)
    question_en = models.CharField(_("question (English)"), max_length=255, blank=True)
    answer_fr = models.TextField(_("answer (French)"))
    answer_en = models.TextField(_("answer (English)"), blank=True)
    slug = models.SlugField(_("anchor"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Smaller numbers come first.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["category__position", "category__name_fr", "position", "question_fr"]

    def __str__(self):
        return self.question

    @property
    def question(self) -> str:
        return in_language(self.question_fr, self.question_en)

    @property
    def answer(self) -> str:
        return in_language(self.answer_fr, self.answer_en)
