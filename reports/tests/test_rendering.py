"""A report's pages and PDFs, rendered from a snapshot written by hand (samples.py): what
each edition shows and hides, the PDF's contents, bookmarks and tagging, and the numbers in
the reader's language."""

import re
import time
import zlib
from datetime import date

import pydyf
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from core.pdf import _LocalFetcher
from members.models import WorkingGroup
from reports.models import Report
from reports.services.rendering import report_context, report_pdf
from reports.tests.samples import (
    LATE_PAYERS,
    sample_snapshot,
    sample_synthesis_snapshot,
    sample_synthesis_texts,
    sample_texts,
)
from tests.test_html_validity import _errors, vnu  # noqa: F401 (the checker's fixture)

FRENCH_SECTIONS = [
    "Chiffres clés",
    "Adhésion",
    "Événements",
    "Groupes de travail",
    "Communication",
    "Satisfaction",
    "Plan de communication",
    "Collaboration entre adhérents",
]


def _quarter() -> Report:
    return Report(
        kind=Report.Kind.QUARTER, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30)
    )


def _year() -> Report:
    return Report(
        kind=Report.Kind.YEAR, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )


def _synthesis() -> Report:
    group = WorkingGroup(name_fr="Industrie du futur", name_en="Industry of the future")
    return Report(
        kind=Report.Kind.SYNTHESIS,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        working_group=group,
    )


def _context(edition: str, language: str = "fr", report=None, snapshot=None) -> dict:
    return report_context(
        report=report or _quarter(),
        snapshot=snapshot or sample_snapshot(),
        texts=sample_texts(),
        edition=edition,
        language=language,
    )


def _pdf_html(edition: str, language: str = "fr") -> str:
    """The HTML the PDF is drawn from."""
    with translation.override(language):
        return render_to_string("reports/pdf/report.html", _context(edition, language))


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's compressed objects, inflated: outlines, structure tree, catalogue."""
    inflated = []
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def _pdf_string(text: str) -> bytes:
    # How WeasyPrint (pydyf) writes a text in the PDF: ASCII as is, UTF-16 otherwise.
    return pydyf.String(text).data


def _rows(table) -> list[list[str]]:
    return [[str(cell) for cell in row] for row in table.rows]


def test_staff_context_has_every_section_with_figures_against_both_earlier_periods():
    context = _context("staff")

    assert [section.key for section in context["sections"]] == [
        "key_figures",
        "membership",
        "events",
        "groups",
        "communication",
        "satisfaction",
        "plan",
        "collaboration",
        "relations",
    ]
    assert context["title"] == "Rapport d'activité, 3e trimestre 2026"
    assert context["taken_on"] == "1 octobre 2026"
    membership = context["sections"][1]
    assert membership.title == "Adhésion"
    assert membership.highlights == "- 17 nouveaux adhérents"
    table = membership.tables["figures"]
    assert table.header == [
        "Chiffre",
        "3e trimestre 2026",
        "2e trimestre 2026",
        "Évolution (réf. : 2e trimestre 2026)",
        "3e trimestre 2025",
        "Évolution (réf. : 3e trimestre 2025)",
    ]
    # Members at the end: 134, 120 (+14), 112 (+22); retention 97.5 % against 98.3 and 97.2.
    assert _rows(table)[1] == ["Adhérents en fin de période", "134", "120", "+14", "112", "+22"]
    assert _rows(table)[4] == [
        "Taux de fidélité",
        "97,5\u202f%",
        "98,3\u202f%",
        "\u22120,8\u00a0pt",
        "97,2\u202f%",
        "+0,3\u00a0pt",
    ]
    assert _rows(membership.tables["dues"])[2][1] == "56\u00a0965,50\u00a0€"
    assert [row[0] for row in _rows(membership.tables["late_payers"])] == list(LATE_PAYERS)


def test_labels_of_keys_come_from_the_models_choices():
    sections = {section.key: section for section in _context("staff", "en")["sections"]}

    assert _rows(sections["membership"].tables["kind"])[1] == ["Start-up", "21", "15.7%"]
    assert [row[0] for row in _rows(sections["membership"].tables["size"])] == [
        "1 to 9",
        "10 to 49",
        "50 to 249",
        "250 to 4,999",
        "Unknown",
    ]
    assert _rows(sections["membership"].tables["region"])[0][0] == "Occitanie"
    # An English name missing: the French one stands in.
    assert _rows(sections["membership"].tables["sector"])[1][0] == "Logiciel"
    # Company visits, then the rest by count in the current quarter; training only before.
    assert [row[0] for row in _rows(sections["events"].tables["by_kind"])] == [
        "Company visit",
        "Monthly meeting",
        "Webinar",
        "Thematic debate",
        "Training",
    ]
    assert _rows(sections["events"].tables["by_kind"])[4] == ["Training", "0", "6", "−6", "0", "0"]
    plan = _rows(sections["plan"].tables["objective_1"])
    assert plan[0][1:4] == ["Press relations", "Done", "Sept. 1, 2026"]
    assert plan[1][1:4] == ["Event", "In progress", "—"]
    assert sections["plan"].tables["objective_1"].caption == (
        "Make the cluster known (external, medium term)"
    )
    assert _rows(sections["satisfaction"].tables["segments"])[1] == ["Skeptic", "20", "5", "25%"]
    assert _rows(sections["relations"].tables["movement"]) == [
        ["Skeptic", "Acquired", "3"],
        ["No opinion", "Opponent", "1"],
    ]
    assert [row[0] for row in _rows(sections["relations"].tables["interactions"])] == [
        "Call",
        "Visit",
        "Email",
    ]


def test_an_annual_report_compares_with_the_year_before_once():
    context = _context("member", "en", report=_year(), snapshot=sample_snapshot("year"))
    figures = context["sections"][1].tables["figures"]

    assert context["title"] == "Annual activity report 2026"
    assert figures.header == ["Figure", "2026", "2025", "Change"]
    assert _rows(figures)[1] == ["Members at the end", "134", "120", "+14"]
    tile = context["sections"][0].extra["tiles"][0]
    assert (tile["label"], str(tile["value"]), tile["year_before"]) == (
        "Member organizations",
        "134",
        None,
    )


def test_member_edition_leaves_out_the_relations_and_the_late_payers():
    context = _context("member")
    html = _pdf_html("member")

    assert "relations" not in [section.key for section in context["sections"]]
    assert "late_payers" not in context["sections"][1].tables
    assert 'id="section-relations"' not in html and "Trois sceptiques" not in html
    assert not [name for name in LATE_PAYERS if name in html]
    # What members may read is there.
    assert 'id="section-membership"' in html and "Industrie du futur" in html
    staff = _pdf_html("staff")
    assert 'id="section-relations"' in staff and LATE_PAYERS[0] in staff


def test_public_edition_shows_only_key_figures_and_highlights():
    context = _context("public", "en")
    with translation.override("en"):
        html = render_to_string("reports/public/_public_edition.html", context)

    assert [section.key for section in context["sections"]] == ["key_figures"]
    # Highlights of the sections members read; none of the staff-only ones, no empty ones.
    assert [item["key"] for item in context["public_highlights"]] == ["membership", "events"]
    assert "The Airbus visit was full." in html and "134 members, a first." in html
    assert "Three skeptics won over." not in html
    assert not [name for name in LATE_PAYERS if name in html]
    assert "Industry of the future" not in html and "Airbus plant" not in html
    assert "<table" not in html
    assert "Member organizations" in html and "1,402" in html


def test_french_pages_print_french_numbers_and_english_pages_english_ones():
    french = _pdf_html("staff", "fr")
    english = _pdf_html("staff", "en")

    assert "66,7\u202f%" in french and "1\u00a0402" in french and "56\u00a0965,50\u00a0€" in french
    assert "66.7%" in english and "1,402" in english and "€56,965.50" in english
    assert '<html lang="fr">' in french and '<html lang="en">' in english


def test_charts_are_figures_with_a_caption_and_the_table_of_their_numbers():
    html = _pdf_html("staff", "fr")

    assert html.count('<figure class="report-chart">') == 4
    caption = "Le nombre d'adhérents est passé de 112 à 134 en 12 mois."
    figure = html[html.index('<figure class="report-chart">') :]
    figure = figure[: figure.index("</figure>")]
    assert caption in figure.replace("&#x27;", "'")
    assert "<figcaption>" in figure and "</svg>" in figure
    # The table of the chart's numbers follows it.
    end = html.index("</figure>")
    assert html.index("<caption>Adhérents à la fin de chaque mois</caption>", end) - end < 200
    assert "<script" not in html and "style=" not in html


def test_pdf_has_a_cover_contents_with_page_numbers_and_bookmarks():
    with translation.override("fr"):
        html = render_to_string("reports/pdf/report.html", _context("member"))
    document = HTML(
        string=html, base_url=settings.SITE_URL + settings.STATIC_URL, url_fetcher=_LocalFetcher()
    ).render()

    def page_text(number):
        return " ".join(
            box.text
            for box in document.pages[number]._page_box.descendants()
            if isinstance(box, boxes.TextBox)
        )

    assert "Rapport d'activité, 3e trimestre 2026" in page_text(0)
    assert "Édition des adhérents" in page_text(0)
    assert "Chiffres relevés le 1 octobre 2026" in page_text(0)
    ((title, _target, children, _state),) = document.make_bookmark_tree()
    assert title == "Rapport d'activité, 3e trimestre 2026"
    pages = {label: target[0] for label, target, _children, _state in children}
    assert list(pages) == ["Introduction", *FRENCH_SECTIONS]
    # The cover, then contents and introduction, then the key figures on a page of their own.
    assert (pages["Introduction"], pages["Chiffres clés"], pages["Adhésion"]) == (1, 2, 3)
    contents = re.sub(r"(\s*\.)+\s*", " … ", page_text(1))
    for label in FRENCH_SECTIONS:
        assert f"{label} … {pages[label] + 1}" in contents
    # The margins name the report and the section of the page, and number the pages; the
    # page after the membership section's first one still names it.
    number = f"{pages['Adhésion'] + 2} / {len(document.pages)}"
    assert page_text(pages["Adhésion"] + 1).endswith(
        f"Rapport d'activité, 3e trimestre 2026 Adhésion {number}"
    )
    assert "Rapport d'activité" not in page_text(0).replace(
        "Rapport d'activité, 3e trimestre 2026", "", 1
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_report_pdf_is_a_tagged_pdf_with_its_outline(language):
    pdf = report_pdf(
        report=_quarter(),
        snapshot=sample_snapshot(),
        texts=sample_texts(),
        edition="member",
        language=language,
    )

    assert pdf.startswith(b"%PDF-1.7")
    objects = _pdf_objects(pdf)
    assert b"/Outlines" in objects
    titles = {"fr": FRENCH_SECTIONS, "en": ["Key figures", "Membership", "Communication plan"]}
    for title in titles[language]:
        assert b"/Title " + _pdf_string(title) in objects
    assert b"/Title " + _pdf_string("Relations") not in objects
    # PDF/UA: structure tree, language, and a text alternative for each of the 4 charts.
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects
    assert f"/Lang ({language})".encode() in objects
    assert b'pdfuaid:part="1"' in objects
    assert objects.count(b"/Alt ") == 4


def test_synthesis_pdf_has_its_own_short_layout():
    context = report_context(
        report=_synthesis(),
        snapshot=sample_synthesis_snapshot(),
        texts=sample_synthesis_texts(),
        edition="member",
        language="en",
    )
    with translation.override("en"):
        html = render_to_string("reports/pdf/synthesis.html", context)
    pdf = report_pdf(
        report=_synthesis(),
        snapshot=sample_synthesis_snapshot(),
        texts=sample_synthesis_texts(),
        edition="member",
        language="en",
    )

    assert context["sections"] == []
    assert "<title>Industry of the future group synthesis, 3rd quarter 2026</title>" in html
    assert "The group <strong>chose</strong> its priorities." in html
    # A snapshot frozen before the discussions existed shows no message.
    assert _rows(context["synthesis"]["facts"])[3] == ["Messages in the discussions", "0"]
    assert _rows(context["synthesis"]["facts"])[5] == ["Members", "1,028"]
    assert _rows(context["synthesis"]["events"]) == [
        ["Predictive maintenance workshop", "July 8, 2026", "17"],
        ["Visite de l'usine Airbus", "Sept. 17, 2026", "24"],
    ]
    assert "Feuille de route 2027" in html
    assert pdf.startswith(b"%PDF") and b"/Title " + _pdf_string("Synthesis") in _pdf_objects(pdf)


def test_annual_report_renders_in_both_languages_within_seconds():
    started = time.perf_counter()
    for language in ("fr", "en"):
        pdf = report_pdf(
            report=_year(),
            snapshot=sample_snapshot("year"),
            texts=sample_texts(),
            edition="staff",
            language=language,
        )
        assert pdf.startswith(b"%PDF")
    # About 1.5 s on a 2-core machine with the charts cached, 2 s without.
    assert time.perf_counter() - started < 8


def test_preview_and_public_edition_are_valid_html(vnu, tmp_path):  # noqa: F811
    def page(body: str, language: str) -> str:
        return (
            f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>Preview</title></head><body><main><h1>Preview</h1>{body}</main></body></html>"
        )

    pages = {}
    for language in ("fr", "en"):
        for edition in ("staff", "member", "public"):
            context = _context(edition, language)
            preview = render_to_string("reports/staff/_preview.html", context)
            pages[f"preview {edition} {language}"] = page(preview, language)
        public = render_to_string(
            "reports/public/_public_edition.html", _context("public", language)
        )
        pages[f"public {language}"] = page(public, language)
        synthesis = report_context(
            report=_synthesis(),
            snapshot=sample_synthesis_snapshot(),
            texts=sample_synthesis_texts(),
            edition="staff",
            language=language,
        )
        pages[f"synthesis {language}"] = page(
            render_to_string("reports/staff/_preview.html", synthesis), language
        )
        with translation.override(language):
            pages[f"pdf {language}"] = render_to_string(
                "reports/pdf/report.html", _context("staff", language)
            )

    # The PDF's inline stylesheet uses CSS Paged Media (running strings, bookmarks), which
    # WeasyPrint reads and the checker, made for browsers, does not know.
    errors = [
        error
        for error in _errors(vnu, pages, tmp_path)
        if not (error.startswith("pdf ") and any(word in error for word in PAGED_MEDIA_CSS))
    ]
    assert not errors, "\n".join(errors)


PAGED_MEDIA_CSS = ("“bookmark-level”", "“string-set”", "“string(")


def test_preview_lists_the_sections_it_shows_with_links():
    html = render_to_string("reports/staff/_preview.html", _context("member", "en"))

    links = re.findall(r'<li><a href="#(section-[a-z_]+)">([^<]+)</a></li>', html)
    assert [anchor for anchor, _label in links] == [
        "section-intro",
        "section-key_figures",
        "section-membership",
        "section-events",
        "section-groups",
        "section-communication",
        "section-satisfaction",
        "section-plan",
        "section-collaboration",
    ]
    for anchor, label in links:
        assert f'<h2 id="{anchor}" class="report-section__title">{label}</h2>' in html
    # An English preview on a French page: its own language, marked.
    assert '<div class="report-preview" lang="en">' in html
    assert "<strong>record</strong> quarter" in html


def _empty_snapshot() -> dict:
    """A quarter where nothing happened: every list empty, every count zero."""
    snapshot = sample_snapshot()
    snapshot["is_empty"] = True
    snapshot["key_figures"] = []
    snapshot["groups"] = []
    snapshot["membership"]["monthly"] = []
    snapshot["membership"]["late_payers"] = []
    snapshot["membership"]["breakdown"] = {
        "kind": [],
        "region": [],
        "size": [],
        "sector": [],
        "label": [],
        "sme_share": None,
    }
    snapshot["events"]["monthly"] = [
        {"month": month, "events": 0, "present": 0} for month in ("2026-07", "2026-08", "2026-09")
    ]
    snapshot["events"].update(top=[], satisfaction=[], debates=[])
    snapshot["satisfaction"] = {"latest": None, "trend": [], "segments": []}
    snapshot["plan"] = {
        "objectives": [],
        "indicators": [],
        "budget": {"planned": 0.0, "spent": 0.0},
    }
    snapshot["relations"] = {"interactions": {}, "movement": []}
    snapshot["collaboration"] = {
        "current": {},
        "previous": {},
        "year_before": {},
        "projects_by_stage": [],
    }
    return snapshot


def test_an_empty_quarter_renders_and_says_what_is_missing():
    context = _context("staff", "en", snapshot=_empty_snapshot())
    with translation.override("en"):
        html = render_to_string("reports/pdf/report.html", context)

    assert "Nothing was recorded in this period." in html
    assert "No key figure for this period." in html
    assert "No event was held in this period." in html
    assert "No survey has a Net Promoter Score yet." in html
    assert "Late payers: nothing in this period." in html
    assert "<figure" not in html
    pdf = report_pdf(
        report=_quarter(), snapshot=_empty_snapshot(), texts={}, edition="staff", language="en"
    )
    assert pdf.startswith(b"%PDF")


def test_the_context_is_built_from_the_snapshot_alone(db, django_assert_num_queries):
    # Frozen figures: rendering a version never reads the live data.
    with django_assert_num_queries(0):
        context = _context("staff", "fr")
    assert len(context["sections"]) == 9
