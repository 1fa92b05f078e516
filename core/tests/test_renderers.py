"""The form renderer writes the common widgets in Python: its markup must be exactly that
of Django's templates, for every kind of widget and for the portal's own forms."""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe

from core.renderers import WidgetRenderer
from core.widgets import DateInput, DateTimeInput

TEMPLATES = DjangoTemplates()
PYTHON = WidgetRenderer()

CHOICES = [("", "—"), ("a", "Alpha <b>"), (3, "Trois & quatre"), ("d", mark_safe("<em>D</em>"))]
GROUPED = [("Groupe <1>", [("x", "X"), ("y", "Y")]), ("z", "Zed"), (2026, 2026)]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"placeholder": 'say "hi" & <go>', "autofocus": True, "hidden": False}
        )
    )
    safe_attr = forms.CharField(widget=forms.TextInput(attrs={"data-x": mark_safe("<i>")}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    email = forms.EmailField(help_text="Help")
    number = forms.DecimalField()
    integer = forms.IntegerField()
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=DateInput())
    datetime = forms.DateTimeField(widget=DateTimeInput())
    checkbox = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=GROUPED)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"})
    )
    boxes_without_id = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    null_boolean = forms.NullBooleanField()
    file = forms.FileField(required=False)


DATA = {
    "text": "O'Brien & <Co>",
    "safe_attr": "x",
    "search": "néo",
    "email": "not an email",
    "number": "1234.5",
    "integer": "12345",
    "password": "secret<>",
    "hidden": '"quoted"',
    "date": "2026-03-01",
    "datetime": "2026-03-01T10:30",
    "checkbox": "on",
    "note": "Line 1\n<script>",
    "choice": "a",
    "grouped": "y",
    "many": ["x", "2026"],
    "radio": "a",
    "grouped_radio": "z",
    "boxes": ["y", "z"],
    "boxes_without_id": ["d"],
    "null_boolean": "true",
}


def _widgets_html(form: forms.BaseForm, renderer) -> list[str]:
    form.renderer = renderer
    return [bound_field.as_widget() for bound_field in form]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("bound", [True, False], ids=["bound", "unbound"])
def test_every_kind_of_widget_renders_as_djangos_templates_do(language, bound):
    with translation.override(language):
        initial = {"number": Decimal("1234.5"), "date": datetime.date(2026, 3, 1), "radio": 3}
        args = (DATA,) if bound else ()
        expected = _widgets_html(EveryWidgetForm(*args, initial=initial), TEMPLATES)
        actual = _widgets_html(EveryWidgetForm(*args, initial=initial), PYTHON)

    assert actual == expected
    # The comparison is not vacuous: options, labels and escaped values are there.
    html = "".join(actual)
    assert '<option value="3">Trois &amp; quatre</option>' in html
    assert '<optgroup label="Groupe &lt;1&gt;">' in html
    assert ("O&#x27;Brien &amp; &lt;Co&gt;" in html) is bound


def test_the_portal_uses_the_python_renderer():
    assert isinstance(get_default_renderer(), WidgetRenderer)


def _portal_forms():
    """Every form class of the portal's apps (forms.py or a forms package)."""
    for app in ("core", "members", "events", "communications", "surveys", "reports", "portal"):
        try:
            package = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        modules = [package] + [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(getattr(package, "__path__", []))
        ]
        for module in modules:
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


@pytest.mark.django_db
def test_the_portals_forms_render_as_djangos_templates_do():
    compared = 0
    for form_class in _portal_forms():
        try:
            expected_form, actual_form = form_class(), form_class()
        except TypeError:  # Needs its choices or instance: covered by the page tests.
            continue
        with translation.override("fr"):
            assert _widgets_html(actual_form, PYTHON) == _widgets_html(expected_form, TEMPLATES), (
                form_class
            )
        compared += 1
    assert compared >= 10
