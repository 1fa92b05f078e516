from django import forms

from communications.models import FaqCategory, FaqEntry


class FaqEntryForm(forms.ModelForm):
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
    class Meta:
        model = FaqCategory
        fields = ["name_fr", "name_en", "slug", "position"]
