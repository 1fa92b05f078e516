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


class _Line(forms.Form):
    weight = forms.IntegerField(label="Weight", min_value=1)


_Lines = forms.formset_factory(_Line, extra=0)


def test_the_errors_of_a_formset_on_the_page_are_summarised_with_the_form():
    # Only a line of the formset is wrong: without the summary the page would reload at its
    # top, the error far below, and seem to have done nothing.
    form = _Form({"name": "Alpha"})
    lines = _Lines(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-weight": "-1"},
    )
    assert form.is_valid() and not lines.is_valid()
    with translation.override("en"):
        html = render_to_string("components/form_errors.html", {"form": form, "lines": lines})

    assert "Please correct the errors below." in html
    assert '<a href="#id_form-0-weight">Weight: Ensure this value is greater than' in html


def test_no_summary_when_the_form_and_its_formsets_are_fine():
    form = _Form({"name": "Alpha"})
    lines = _Lines({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-weight": "2"})
    assert form.is_valid() and lines.is_valid()

    html = render_to_string("components/form_errors.html", {"form": form, "lines": lines})

    assert html.strip() == ""
