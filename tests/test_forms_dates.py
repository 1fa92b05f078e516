"""Every form of the project renders its dates as the browser's date inputs need them.

`<input type="date">` takes `yyyy-mm-dd` and `datetime-local` `yyyy-mm-ddThh:mm`, whatever
the page's language: a localised value (`01/12/2026`) is dropped by the browser, which then
posts an empty field. The walk imports every forms module, instantiates every form with an
initial value for each of its date fields and renders it in French and in English.
"""

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone, translation

from core.widgets import DateInput, DateTimeInput
from tests.project_apps import PROJECT_APPS

# What the forms' own constructors ask for besides data: empty choice lists will do.
CONSTRUCTOR_ARGUMENTS = {
    "email": "someone@example.org",
    "sectors": [],
    "competences": [],
    "tags": [],
    "animators": [],
    "affiliations": [],
    "fields": [],
    "headers": [],
    "choices": {},
    "headcount_band": "",
    "questions": [],
    "partners": [],
    "terms": [],
}
DATE = datetime.date(2026, 12, 1)
DATETIME = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 30))
INPUT = re.compile(r'<input type="(date|datetime-local)"[^>]*>')
VALUE = re.compile(r' value="([^"]*)"')
ISO = {"date": r"\d{4}-\d{2}-\d{2}", "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"}


def _forms_modules():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            name = module.name.rsplit(".", 1)[-1]
            if name == "forms" or name.startswith("forms_") or ".forms." in module.name:
                yield importlib.import_module(module.name)


def _project_form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for module in _forms_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__.split(".")[0] in PROJECT_APPS
                and not value.__name__.startswith("_")
            ):
                found[f"{value.__module__}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]


FORM_CLASSES = _project_form_classes()


def _saved(name: str):
    from members.tests.factories import OrganizationFactory
    from surveys.tests.factories import SurveyFactory

    def report():
        import datetime

        from reports.models import Report

        return Report.objects.create(
            kind=Report.Kind.QUARTER,
            period_start=datetime.date(2026, 7, 1),
            period_end=datetime.date(2026, 9, 30),
        )

    factories = {"organization": OrganizationFactory, "survey": SurveyFactory, "report": report}
    assert name in factories, f"a form asks for {name}=: add it to CONSTRUCTOR_ARGUMENTS"
    return factories[name]()


def _instance(form_class, **kwargs):
    """The form, given what its constructors (its own and its bases') require."""
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass):
            continue
        for name, parameter in inspect.signature(klass.__init__).parameters.items():
            required = parameter.default is parameter.empty
            if parameter.kind != parameter.KEYWORD_ONLY or not required or name in kwargs:
                continue
            if name in CONSTRUCTOR_ARGUMENTS:
                kwargs[name] = CONSTRUCTOR_ARGUMENTS[name]
            else:
                kwargs[name] = _saved(name)
    return form_class(**kwargs)


def _date_fields(form) -> dict[str, datetime.date | datetime.datetime]:
    initial = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.DateTimeField):
            initial[name] = DATETIME
        elif isinstance(field, forms.DateField):
            initial[name] = DATE
    return initial


def test_the_walk_finds_the_forms_with_date_inputs():
    names = {form_class.__name__ for form_class in FORM_CLASSES}
    # A walk that found nothing would pass every check below.
    assert {"InteractionForm", "ScheduleForm", "MembershipForm", "EventForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda form_class: form_class.__name__)
def test_every_date_input_renders_an_iso_value(form_class, language):
    with translation.override(language):
        form = _instance(form_class)
        # Set after construction: some forms compute their own initial values.
        initial = _date_fields(form)
        form.initial = {**form.initial, **initial}
        html = str(form)
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            # A text box for a date leaves people guessing the format: no date picker.
            assert isinstance(field.widget, DateInput | DateTimeInput | forms.HiddenInput), (
                f"{form_class.__name__}.{name} uses {type(field.widget).__name__}: "
                "use core.widgets.DateInput or DateTimeInput"
            )
    inputs = list(INPUT.finditer(html))
    hidden = [name for name, field in form.fields.items() if field.widget.is_hidden]
    shown = [name for name in initial if name not in hidden]
    assert len(inputs) == len(shown), (form_class.__name__, shown, html)
    for tag in inputs:
        value = VALUE.search(tag.group(0))
        assert value, f"{form_class.__name__}: {tag.group(0)} lost its initial value"
        assert re.fullmatch(ISO[tag.group(1)], value.group(1)), (form_class.__name__, tag.group(0))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_interaction_form_offers_today_in_the_date_input(language):
    from members.forms.organizations import InteractionForm

    with translation.override(language):
        html = str(InteractionForm(affiliations=[])["happened_on"])
    assert f'value="{timezone.localdate().isoformat()}"' in html
