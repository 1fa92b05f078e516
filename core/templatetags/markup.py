"""`{{ event.description|markdown }}`: staff's long texts as sanitised HTML (core.markup)."""

from django import template
from django.utils.safestring import SafeString

from core.markup import markdown_render, markdown_text

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return markdown_render(text)


@register.filter(name="markdown_text")
def markdown_text_filter(text: str) -> str:
    return markdown_text(text)
