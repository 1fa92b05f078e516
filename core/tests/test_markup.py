"""Markdown written by staff, sanitised, and shown as such wherever a long text appears."""

import importlib
import pkgutil
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from core.markup import MARKDOWN_FIELDS, PLAIN_TEXT_FIELDS, markdown_render, markdown_text


@pytest.mark.parametrize(
    "src",
    [
        "/media/news/photo.webp",
        "https://portal.example/media/logo.png",
        "/media/logos/alpha-num%C3%A9rique.webp",
        "/media/news/photo.webp?v=2",
        "/media/news/..photo.webp",
    ],
)
def test_images_of_the_site_are_kept(settings, src):
    settings.SITE_URL = "https://portal.example"

    html = markdown_render(f"![Logo]({src})")

    assert f'<img alt="Logo" src="{src}">' in html


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "http://portal.example.evil.test/x.png",
        "https://portal.example.evil.test/x.png",
        "/static/x.png",
        "data:image/png;base64,AAAA",
        # Paths that start with /media/ and leave it once normalised.
        "/media/../admin/",
        "/media/../../etc/passwd",
        "/media/./../accounts/logout/",
        "/media/%2e%2e/admin/",
        "/media/%2E%2E/admin/",
        "/media/.%2e/admin/",
        "/media/%252e%252e/admin/",
        "/media/%25252e%25252e/admin/",
        "/media/..%2fadmin/x.png",
        "/media/..%5cadmin/x.png",
        "/media/..\\admin\\x.png",
        "/media\\..\\admin/x.png",
        "/\\evil.test/media/x.png",
        "//evil.test/media/x.png",
        "/media/x%00.png",
        "/media/%0a/x.png",
        "https://portal.example/media/../accounts/logout/",
        "https://portal.example/media/%2e%2e/staff/",
        "https://portal.example/accounts/logout/",
        "https://portal.example@evil.test/media/x.png",
        "/media",
        "/mediafoo/x.png",
    ],
)
def test_images_from_elsewhere_are_dropped_whole(settings, src):
    settings.SITE_URL = "https://portal.example"

    html = markdown_render(f'Text ![Pixel]({src}) <img alt="raw" src="{src}">')

    assert "<img" not in html
    assert "Text" in html


def test_links_and_formatting_are_kept_and_scripts_removed():
    html = markdown_render("**bold** [site](https://example.org) <script>alert(1)</script>")

    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html


# --- every long text of the project is declared, and Markdown ones are rendered as such -----

TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)


def _project_text_fields() -> set[str]:
    base = Path(settings.BASE_DIR)
    fields = set()
    for model in apps.get_models():
        path = Path(sys.modules[model.__module__].__file__)
        if base not in path.parents or ".venv" in path.parts:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                fields.add(f"{model._meta.app_label}.{model.__name__}.{field.name}")
    return fields


def _names_in_templates(declared: set[str]) -> set[str]:
    """How templates reach these fields: the field, or its language-neutral property."""
    names = set()
    for dotted in declared:
        app_label, model_name, field_name = dotted.split(".")
        names.add(field_name)
        stem = re.sub(r"_(fr|en)$", "", field_name)
        model = apps.get_model(app_label, model_name)
        if stem != field_name and isinstance(getattr(model, stem, None), property):
            names.add(stem)
    return names


def _project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        path
        for path in base.glob("**/templates/**/*")
        if path.is_file() and ".venv" not in path.parts and path.suffix in {".html", ".txt"}
    ]


def test_every_long_text_field_is_declared_markdown_or_plain_with_a_reason():
    fields = _project_text_fields()

    undeclared = fields - MARKDOWN_FIELDS - set(PLAIN_TEXT_FIELDS)
    assert not undeclared, f"declare in core/markup.py whether these are Markdown: {undeclared}"
    assert not MARKDOWN_FIELDS & set(PLAIN_TEXT_FIELDS)
    assert not (MARKDOWN_FIELDS | set(PLAIN_TEXT_FIELDS)) - fields, "declared but gone"
    assert all(PLAIN_TEXT_FIELDS.values())


def test_templates_show_markdown_fields_through_the_markdown_filter():
    markdown_names = _names_in_templates(MARKDOWN_FIELDS)
    # One meaning per name, or the rule below could not tell which field a template shows.
    assert not markdown_names & _names_in_templates(set(PLAIN_TEXT_FIELDS))
    shown_raw = []
    for path in _project_templates():
        for expression in TEMPLATE_VARIABLE.findall(path.read_text()):
            variable, *filters = [part.strip() for part in expression.split("|")]
            if variable.rsplit(".", 1)[-1] not in markdown_names or "." not in variable:
                continue
            filter_names = {item.split(":", 1)[0] for item in filters}
            # fallback_lang and fallback_note print none of the text, only in which language
            # it is (an attribute, a note), beside the place that renders it.
            if not filter_names & {"markdown", "markdown_text", "fallback_lang", "fallback_note"}:
                shown_raw.append(f"{path.relative_to(settings.BASE_DIR)}: {{{{ {expression} }}}}")
    assert not shown_raw, shown_raw


def test_the_walk_finds_the_markdown_fields_in_their_templates():
    # The two tests above only mean something if they see the real fields and pages.
    assert {"events.Event.description_fr", "communications.FaqEntry.answer_fr"} <= (
        _project_text_fields()
    )
    names = _names_in_templates(MARKDOWN_FIELDS)
    assert {"description", "answer", "intro", "summary"} <= names
    base = Path(settings.BASE_DIR)
    sources = {path.relative_to(base).as_posix(): path.read_text() for path in _project_templates()}
    event_page = sources["events/templates/events/public/event_detail.html"]
    assert "{{ event.description|markdown }}" in event_page


def test_markdown_text_gives_the_words_without_markup():
    assert markdown_text("**Bold** & [a link](https://example.org)\n\n- item") == (
        "Bold & a link\n\nitem"
    )


def _project_form_classes() -> list[type[forms.BaseForm]]:
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if base not in folder.parents or ".venv" in folder.parts:
            continue
        for module in pkgutil.iter_modules([str(folder)]):
            if module.name.startswith("forms"):
                package = importlib.import_module(f"{config.name}.{module.name}")
                if module.ispkg:
                    for sub in pkgutil.iter_modules(package.__path__):
                        importlib.import_module(f"{package.__name__}.{sub.name}")
    found, pending = [], [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in {c.name for c in apps.get_app_configs()}:
                found.append(subclass)
    return found


def test_forms_tell_staff_that_markdown_fields_take_markdown():
    checked, silent = [], []
    with translation.override("en"):
        for form_class in _project_form_classes():
            model = getattr(getattr(form_class, "_meta", None), "model", None)
            if model is None:
                continue
            for name, field in form_class.base_fields.items():
                dotted = f"{model._meta.app_label}.{model.__name__}.{name}"
                # The English twin sits under the French field, which carries the hint.
                if dotted not in MARKDOWN_FIELDS or name.endswith("_en"):
                    continue
                checked.append(dotted)
                if "Markdown" not in str(field.help_text):
                    silent.append(f"{form_class.__name__}.{name}")
    assert not silent, silent
    assert "events.Event.description_fr" in checked  # the walk sees the real forms


def test_a_rendering_kept_in_memory_still_follows_site_url(settings):
    text = "![plan](https://portal.example/media/plan.png)"
    settings.SITE_URL = "https://portal.example"
    assert 'src="https://portal.example/media/plan.png"' in markdown_render(text)

    settings.SITE_URL = "https://other.example"
    assert "<img" not in markdown_render(text)


def test_threads_rendering_at_once_each_get_their_own_text():
    texts = [f"# Title {number}\n\n- **item {number}**\n- other" for number in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        rendered = list(pool.map(markdown_render, texts))

    for number, html in enumerate(rendered):
        assert f"<h1>Title {number}</h1>" in html
        assert f"<strong>item {number}</strong>" in html
