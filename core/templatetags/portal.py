import functools

from django import template
from django.conf import settings
from django.forms.formsets import BaseFormSet
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core import linked_data
from core.translation import Fallback

register = template.Library()


@register.filter
def accessible(bound_field):
    """Render a form widget tied to its help text and errors for screen readers."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    attrs = {}
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def has_error_code(form, code: str) -> bool:
    """True when the form failed with this error code (not just its message)."""
    return any(error.code == code for error in form.non_field_errors().as_data())


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()))


@functools.lru_cache(maxsize=1024)
def _reverse(url_name: str, args: tuple, current_app, *key: str) -> str:
    # The menus link the same few pages on every request (about thirty in the back-office):
    # a URL depends only on these and on the language (its prefix), the script prefix and
    # the URL configuration, which complete the key.
    return reverse(url_name, args=args, current_app=current_app)


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, *args) -> str:
    """A link of a navigation menu, `aria-current="page"` on the page it leads to:
    `{% nav_link "members:directory" _("Members directory") %}`; URL arguments follow the
    label."""
    request = context.get("request")
    # As {% url %} does, for the namespaced apps that have several instances.
    current_app = getattr(request, "current_app", None)
    if current_app is None and getattr(request, "resolver_match", None):
        current_app = request.resolver_match.namespace
    url = _reverse(
        url_name, args, current_app, get_language(), get_script_prefix(), settings.ROOT_URLCONF
    )
    if request is not None and request.path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.filter
def fields_in_error(form):
    """The bound fields of `form` that have errors, for the error summary's links."""
    return [field for field in form if field.errors]


@register.simple_tag(takes_context=True)
def formset_errors(context) -> dict | None:
    """The errors of every formset the page shows (a call's criteria, an event's agenda),
    found in the context so that no page has to remember to pass them to the error summary:
    {"messages": [the formsets' and their forms' own errors], "fields": [bound fields in
    error]}, or None when there is none."""
    messages, fields = [], []
    seen = set()
    for value in context.flatten().values():
        if not isinstance(value, BaseFormSet) or id(value) in seen or not value.is_bound:
            continue
        seen.add(id(value))
        messages += list(value.non_form_errors())
        for form in value.forms:
            messages += list(form.non_field_errors())
            fields += [field for field in form if field.errors]
    if not (messages or fields):
        return None
    return {"messages": messages, "fields": fields}


@register.filter
def error_anchor(bound_field) -> str:
    """The id the summary links to: the widget, or the first box of a group of choices
    (whose label points nowhere, so id_for_label is empty)."""
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


@register.filter
def in_original_language(value):
    """Content shown in French on an English page because nobody translated it: tagged
    lang="fr" (screen readers switch voice) with a visible note. Other text is unchanged.
    For inline text: titles, summaries, questions."""
    if isinstance(value, Fallback) and value:
        return format_html(
            '<span lang="fr">{}</span> <span class="fallback-note">{}</span>',
            value,
            gettext("(in French: no English version yet)"),
        )
    return value


@register.filter
def fallback_lang(value) -> str:
    """` lang="fr"` for a block (a description) shown in French on an English page."""
    if isinstance(value, Fallback) and value:
        return mark_safe(f' lang="{value.language}"')
    return ""


@register.filter
def fallback_note(value) -> str:
    """The visible note under a block shown in French on an English page."""
    if isinstance(value, Fallback) and value:
        return format_html(
            '<p class="fallback-note">{}</p>', gettext("(in French: no English version yet)")
        )
    return ""


@register.simple_tag(takes_context=True)
def panel(context, built):
    """Render a section another app added to this page (core.panels), with the page's
    context plus the section's own."""
    template = context.template.engine.get_template(built.template_name)
    with context.push(**built.context):
        return template.render(context)


def _in_language(path: str, language: str) -> str:
    translated = translate_url(path, language)
    if translated == path:
        head, _slash, rest = path.lstrip("/").partition("/")
        if head in {code for code, _name in settings.LANGUAGES}:
            translated = f"/{language}/{rest}"
    return translated


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The address of this page in `language`: every page has one per language
    (i18n_patterns), so the language switch is a plain link, the same for every visitor.
    A path that resolves nowhere (a 404) keeps its own, with the other language's prefix."""
    request = context.get("request")
    if request is None:
        return reverse("portal:home")
    return _in_language(request.get_full_path(), language)


# Open Graph names a language with its country, as its consumers expect.
OPEN_GRAPH_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@register.simple_tag(takes_context=True)
def page_addresses(context) -> dict:
    """This page's absolute addresses, as the sitemap gives them: `canonical` (in the
    current language, without the query string: a filtered or later page of a list is the
    same page), `alternates` [(language, address)] and `x_default` (the address without a
    language prefix, which sends each visitor to their own language), and the Open Graph
    `locale` and `locale_alternates`."""
    request = context.get("request")
    current = get_language()
    path = request.path if request is not None else reverse("portal:home")
    alternates = [
        (code, linked_data.absolute_url(_in_language(path, code)))
        for code, _name in settings.LANGUAGES
    ]
    canonical = dict(alternates).get(current, linked_data.absolute_url(path))
    default_path = _in_language(path, settings.LANGUAGE_CODE)
    prefix = f"/{settings.LANGUAGE_CODE}/"
    if default_path.startswith(prefix):
        default_path = "/" + default_path.removeprefix(prefix)
    return {
        "canonical": canonical,
        "alternates": alternates,
        "x_default": linked_data.absolute_url(default_path),
        "locale": OPEN_GRAPH_LOCALES.get(current, current),
        "locale_alternates": [
            OPEN_GRAPH_LOCALES.get(code, code)
            for code, _name in settings.LANGUAGES
            if code != current
        ],
    }


@register.filter
def absolute(url: str) -> str:
    """`{{ organization.logo.url|absolute }}`: the address from the site's public base."""
    return linked_data.absolute_url(str(url or ""))


@register.simple_tag
def json_ld(data) -> str:
    """`{% json_ld profile_linked_data %}`: the schema.org block of a page (core.linked_data)."""
    return linked_data.json_ld(data)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as page_title %}{% block title %}…{% endblock title %}{% endcapture %}`:
    what a block renders to, kept (already escaped) for several places of the layout, since
    a block may appear only once: the page's title serves `<title>` and Open Graph."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
