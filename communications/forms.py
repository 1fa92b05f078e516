from django import forms
from django.utils.translation import gettext_lazy as _

from communications.models import FaqCategory, FaqEntry


class FaqEntryForm(forms.ModelForm):
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


class FaqCategoryForm(forms.ModelForm):
    slug = forms.SlugField(
        label=_("Anchor"),
        required=False,
        help_text=_("The end of the category's link (#…). Left empty, it is made from the name."),
    )

    class Meta:
        model = FaqCategory
        fields = ["name_fr", "name_en", "slug", "position"]
