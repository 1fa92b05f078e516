"""The form renderer: Django's widget templates, with the common widgets written in Python.

Django renders a `<select>` with one `{% include %}` per option, each including the
attributes template: the filter bar of a staff list (ten drop-downs, about a hundred
options) took 10 to 15 ms to render, a third of the organization list's time. The
templates of inputs, selects, text areas and lists of radio buttons or checkboxes are
short; `WidgetRenderer` produces the same markup in Python (core/tests/test_renderers.py
compares it with the templates' for every kind of widget and the portal's forms). Any other
template (a file input with its clear box, split dates...) is still rendered by Django's.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString

# Templates render variables with the project's time zone and localisation (numbers, dates):
# so do these functions, through the same helper and a context with the same defaults.
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: formatted with %s, kept unescaped when it was safe."""
    # "%s" % value is str(value), but for a tuple, which the filter turns into str first.
    text = str(value)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html, which text, email, date, checkbox... include."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


# Included templates keep the line feed that ends their file: the options below end with it
# as they do in Django's markup.


def _select_option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _input_option(option: dict) -> str:
    """django/forms/widgets/radio_option.html or checkbox_option.html, which include
    input_option.html (a radio button or checkbox of a list)."""
    if not option.get("wrap_label"):
        return f"{_input(option)}\n\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)}\n {_text(option['label'])}</label>\n\n"


_OPTIONS = {
    "django/forms/widgets/select_option.html": _select_option,
    "django/forms/widgets/radio_option.html": _input_option,
    "django/forms/widgets/checkbox_option.html": _input_option,
}


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(f"\n  {_OPTIONS[option['template_name']](option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html (radio buttons, checkboxes)."""
    attrs = widget["attrs"]
    element_id = f' id="{_text(attrs["id"])}"' if attrs.get("id") else ""
    element_class = f' class="{_text(attrs["class"])}"' if attrs.get("class") else ""
    parts = [f"<div{element_id}{element_class}>"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_text(group_name)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_OPTIONS[option['template_name']](option)}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


_INPUTS = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]
_WIDGETS = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/textarea.html": _textarea,
}


def _python_renderable(widget: dict) -> bool:
    # A select or list whose options use another template (a custom option) goes to Django.
    return all(
        option.get("template_name") in _OPTIONS
        for _group, options, _index in widget.get("optgroups", ())
        for option in options
    )


class WidgetRenderer(DjangoTemplates):
    """Django's renderer (FORM_RENDERER), with the common widget templates in Python."""

    def render(self, template_name, context, request=None):
        render = _WIDGETS.get(template_name)
        widget = context.get("widget") if render else None
        if widget is not None and _python_renderable(widget):
            return SafeString(render(widget).strip())
        return super().render(template_name, context, request=request)
