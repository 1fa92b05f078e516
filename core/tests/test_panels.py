"""core.panels: the sections a higher app adds to a lower app's page."""

from django.template import Context, engines

from core.panels import Panels


def test_sections_come_in_their_order_then_by_key_and_a_second_registration_replaces():
    page = Panels("a page")
    page.register("b", template_name="b.html", context=lambda **kw: {"n": 2}, order=20)
    page.register("a", template_name="a.html", context=lambda **kw: {"n": 1}, order=20)
    page.register("z", template_name="z.html", context=lambda **kw: {"n": 0}, order=10)
    # ready() may run twice: the same key replaces, it is not listed twice.
    page.register("z", template_name="z2.html", context=lambda **kw: {"n": 9}, order=10)

    assert page.keys() == ["z", "a", "b"]
    built = page.build()
    assert [(panel.template_name, panel.context) for panel in built] == [
        ("z2.html", {"n": 9}),
        ("a.html", {"n": 1}),
        ("b.html", {"n": 2}),
    ]


def test_each_section_reads_the_page_object_when_the_page_is_built():
    page = Panels("a page")
    seen = []
    page.register("x", template_name="x.html", context=lambda *, thing: seen.append(thing) or {})
    assert seen == []
    page.build(thing="the organization")
    assert seen == ["the organization"]


def test_the_panel_tag_renders_a_section_with_the_page_context_and_its_own(tmp_path, settings):
    (tmp_path / "section.html").write_text("{{ page_title }}: {{ figure }}")
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [tmp_path],
            "OPTIONS": {"builtins": ["core.templatetags.portal"]},
        }
    ]
    page = Panels("a page")
    page.register("s", template_name="section.html", context=lambda: {"figure": 42})
    engine = engines["django"].engine
    html = engine.from_string("{% for built in panels %}{% panel built %}{% endfor %}|{{ figure }}")
    out = html.render(Context({"panels": page.build(), "page_title": "Attendance"}))
    # The section's own context does not leak into the rest of the page.
    assert out == "Attendance: 42|"
