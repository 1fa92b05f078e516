"""The error summary every form shows (templates/components/form_errors.html)."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class _Form(forms.Form):
    name = forms.CharField(label="Name")

    def clean(self):
        if self.data.get("refuse"):
            raise forms.ValidationError("Your organization already has 5 requests waiting.")
        return super().clean()


def _summary(data: dict) -> str:
    form = _Form(data)
    assert not form.is_valid()
    with translation.override("en"):
        return render_to_string("components/form_errors.html", {"form": form})


def test_a_field_in_error_is_listed_with_a_link_under_the_request_to_correct():
    html = _summary({})

    assert "Please correct the errors below." in html
    assert '<a href="#id_name">Name: This field is required.</a>' in html


def test_a_refusal_of_the_whole_form_is_shown_alone():
    # Nothing below to correct: asking to would send the person looking for a field.
    html = _summary({"name": "Alpha", "refuse": "1"})

    assert "Your organization already has 5 requests waiting." in html
    assert "Please correct the errors below." not in html
    assert 'role="alert"' in html
