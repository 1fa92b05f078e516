from django import forms
from django.utils.translation import gettext_lazy as _

from communications.models import FaqCategory, FaqEntry
from communications.selectors.faq import faq_anchor_taken
from core.markup import MARKDOWN_HELP


class _AnchorMixin:
    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and faq_anchor_taken(slug=slug, instance=self.instance):
            raise forms.ValidationError(
                _("This anchor is already used by another question or category of the FAQ.")
            )
        return slug


class FaqEntryForm(_AnchorMixin, forms.ModelForm):
    slug = forms.SlugField(
        label=_("Anchor"),
        required=False,
        help_text=_("The end of the answer's link (#…). Left empty, it is made from the question."),
    )

    class Meta:
        model = FaqEntry
        fields = [
            "category",
            "question_fr",
            "answer_fr",
            "question_en",
            "answer_en",
            "slug",
            "position",
            "is_published",
        ]
        help_texts = {"answer_fr": MARKDOWN_HELP}


class FaqCategoryForm(_AnchorMixin, forms.ModelForm):
    slug = forms.SlugField(
        label=_("Anchor"),
        required=False,
        help_text=_("The end of the category's link (#…). Left empty, it is made from the name."),
    )

    class Meta:
        model = FaqCategory
        fields = ["name_fr", "name_en", "slug", "position"]
