"""The project's own template tags (core/templatetags/portal.py)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

NAV = (
    "{% load portal %}"
    '<li>{% nav_link "members:directory" _("Members directory") %}</li>'
    '<li>{% nav_link "communications:faq" _("FAQ") %}</li>'
)


def _render(source: str, path: str, **context) -> str:
    request = RequestFactory().get(path)
    return Template(source).render(Context({"request": request, **context}))


def test_nav_link_marks_the_page_it_leads_to_as_current_and_no_other():
    with translation.override("fr"):
        html = _render(NAV, "/fr/members/")

    assert html == (
        '<li><a href="/fr/members/" aria-current="page">Annuaire des membres</a></li>'
        '<li><a href="/fr/faq/">FAQ</a></li>'
    )


def test_nav_link_is_not_current_on_a_page_below_its_own():
    with translation.override("en"):
        html = _render(NAV, "/en/members/some-company/")

    assert "aria-current" not in html


def test_nav_link_passes_url_arguments_and_escapes_its_label():
    source = '{% load portal %}{% nav_link "members:space_membership" label slug %}'

    with translation.override("en"):
        here = "/en/space/organizations/acme/membership/"
        html = _render(source, here, label="R&D <b>", slug="acme")

    assert html == f'<a href="{here}" aria-current="page">R&amp;D &lt;b&gt;</a>'


@pytest.mark.parametrize("path", ["/en/space/organizations/acme/membership/", "/en/"])
def test_nav_link_reverses_like_the_url_tag(path):
    url_tag = '{% url "members:space_membership" "acme" %}'
    nav = '{% load portal %}{% nav_link "members:space_membership" "x" "acme" %}'

    with translation.override("en"):
        assert f'href="{_render(url_tag, path)}"' in _render(nav, path)
