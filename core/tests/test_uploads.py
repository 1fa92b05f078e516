"""Uploads are judged by their content, on every file field of the project.

The walk covers each model's file fields (which admin forms and model forms use) and each
file field declared on a form of the project; a new upload field without the content check
fails it."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from core.tests.upload_samples import GENUINE, HOSTILE, upload
from core.uploads import UploadTypeValidator, content_kind

PROJECT_APPS = ("core", "members", "communications", "events", "surveys")

# What each extension promises, written out here rather than read from the code under test.
PROMISE = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "webp": "webp",
    "gif": "gif",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "zip": "zip",
    "svg": "svg",
    "txt": "text",
    "csv": "text",
}
# What each hostile sample really is.
HOSTILE_KIND = {
    "html": "html",
    "html_lower_spaced": "html",
    "html_bom": "html",
    "html_comment": "html",
    "html_fragment": "html",
    "html_iframe": "html",
    "svg_script": "svg",
    "xml": "xml",
    "exe": "binary",
    "elf": "binary",
    "zip": "zip",
    "pdf": "pdf",
    "png": "png",
}


@pytest.mark.parametrize("extension", sorted(GENUINE))
def test_each_accepted_kind_is_recognised_by_its_content(extension):
    assert content_kind(upload(f"file.{extension}", GENUINE[extension]())) == PROMISE[extension]


@pytest.mark.parametrize("sample", sorted(k for k, v in HOSTILE_KIND.items() if v == "html"))
def test_html_is_recognised_whatever_its_disguise(sample):
    assert content_kind(upload("minutes.pdf", HOSTILE[sample])) == "html"


def test_a_csv_in_an_old_windows_encoding_is_still_text():
    assert content_kind(upload("export.csv", "Société;Ville\n".encode("cp1252"))) == "text"


def test_an_html_file_named_pdf_is_refused_with_a_clear_message():
    validator = UploadTypeValidator(["pdf", "docx"])
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validator(upload("compte-rendu.pdf", HOSTILE["html"]))
    assert "not what its name says (.pdf)" in caught.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validator(upload("page.html", HOSTILE["html"]))
    assert "Accepted types: pdf, docx" in caught.value.messages[0]


# The walk.


def _project_file_model_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field


def _project_form_modules():
    """Each app's forms modules: forms*.py, or the modules of a forms/ package."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("forms"):
                continue
            module = importlib.import_module(f"{app}.{info.name}")
            yield module
            if info.ispkg:
                for sub in pkgutil.iter_modules(module.__path__):
                    yield importlib.import_module(f"{module.__name__}.{sub.name}")


def _project_forms():
    for module in _project_form_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def _project_file_form_fields():
    """File fields declared on forms; those a model form takes from its model are walked
    with the models."""
    for form_class in _project_forms():
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.FileField):
                continue
            from_model = (
                model is not None
                and name not in form_class.declared_fields
                and isinstance(model._meta.get_field(name), models.FileField)
            )
            if not from_model:
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field


def _upload_fields():
    for label, field in _project_file_model_fields():
        yield label, field, field.run_validators
    for label, field in _project_file_form_fields():
        yield label, field, field.run_validators


UPLOAD_FIELDS = sorted(_upload_fields(), key=lambda entry: entry[0])


def test_the_walk_finds_the_upload_fields_of_every_area():
    labels = " ".join(label for label, _field, _check in UPLOAD_FIELDS)
    for expected in (
        "members.WorkingGroupDocument.file",
        "members.PartnershipDocument.file",
        "members.Organization.logo",
        "members.ImportJob.file",
        "events.EventDocument.file",
        "events.Event.cover",
        "communications.PressAsset.file",
        "communications.PressRelease.pdf",
        "communications.NewsArticle.image",
        "GroupDocumentForm.file",
        "OrganizationProfileForm.logo",
        "ImportUploadForm.file",
        "PressAssetForm.upload",
        "PressReleaseForm.pdf",
        "NewsArticleForm.image",
    ):
        assert expected in labels


def _validator_of(label, field) -> UploadTypeValidator:
    found = [v for v in field.validators if isinstance(v, UploadTypeValidator)]
    assert found, f"{label} takes uploads without checking their content (UploadTypeValidator)"
    return found[0]


@pytest.mark.parametrize(("label", "field", "check"), UPLOAD_FIELDS, ids=lambda v: str(v)[:60])
def test_every_upload_field_refuses_content_that_is_not_what_its_name_says(label, field, check):
    validator = _validator_of(label, field)
    promised = {PROMISE[extension] for extension in validator.extensions}
    for extension in validator.extensions:
        for sample, content in HOSTILE.items():
            kind = HOSTILE_KIND[sample]
            if validator.names_matter:
                honest = kind == PROMISE[extension]
            else:
                honest = kind in promised
            if honest:
                continue
            with pytest.raises(ValidationError):
                check(upload(f"document.{extension}", content))
    # A page renamed with an extension the field does not take at all.
    if validator.names_matter:
        with pytest.raises(ValidationError):
            check(upload("page.html", HOSTILE["html"]))


@pytest.mark.parametrize(("label", "field", "check"), UPLOAD_FIELDS, ids=lambda v: str(v)[:60])
def test_every_upload_field_takes_genuine_files_of_its_kinds(label, field, check):
    validator = _validator_of(label, field)
    for extension in validator.extensions:
        check(upload(f"document.{extension}", GENUINE[extension]()))
