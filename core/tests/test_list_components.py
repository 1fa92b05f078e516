"""The pieces every staff list is built of: the filter bar, the toolbar above the table
(its count and export links) and the status filter."""

import re

from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.forms import StatusFilterForm


class _Filters(forms.Form):
    q = forms.CharField(label="Search", required=False)
    city = forms.CharField(label="City", required=False)


def _render(template: str, path: str = "/en/staff/things/", **context) -> str:
    request = RequestFactory().get(path)
    with translation.override("en"):
        return render_to_string(template, {"request": request, **context})


def test_filter_bar_is_a_labelled_search_with_the_search_box_first():
    html = _render(
        "components/list_filters.html", form=_Filters({"city": "Albi"}), label="Filter the things"
    )

    assert re.search(
        r'<form method="get" role="search" class="crm-filters"\s+aria-label="Filter', html
    )
    assert html.index('id="id_q"') < html.index('id="id_city"')
    assert '<div class="crm-filters__search">' in html
    assert '<label for="id_city">City</label>' in html
    assert 'value="Albi"' in html
    assert '<a href="/en/staff/things/">Clear the filters</a>' in html
    assert "hx-get" not in html  # without a results element the form simply reloads the page


def test_filter_bar_follows_typing_and_changes_when_given_the_results_element():
    html = _render("components/list_filters.html", form=_Filters(), label="Filter", results="jobs")

    assert 'hx-get="/en/staff/things/" hx-target="#jobs" hx-swap="outerHTML"' in html
    assert 'hx-trigger="input changed delay:300ms from:#id_q, change, submit"' in html


def test_filter_bar_without_a_search_box_follows_changes_only():
    form = StatusFilterForm({}, choices=[("open", "Open")])

    html = _render("components/list_filters.html", form=form, label="Filter", results="results")

    assert 'hx-trigger="change, submit"' in html
    assert "crm-filters__search" not in html


def test_folded_filter_bar_opens_and_counts_the_filters_in_use():
    closed = _render(
        "components/list_filters.html", form=_Filters(), label="Filter", folded=True, in_use=0
    )
    opened = _render(
        "components/list_filters.html", form=_Filters(), label="Filter", folded=True, in_use=2
    )

    assert '<details class="crm-filters__more">' in closed
    assert '<details class="crm-filters__more" open>' in opened
    assert "Filters (2 in use)" in opened


def test_toolbar_exports_the_list_with_its_filters():
    html = _render(
        "components/list_toolbar.html",
        path="/en/staff/things/?city=Albi&page=2",
        summary="3 things",
        export=True,
    )

    assert "<p>3 things</p>" in html
    assert "Export this list:" in html
    assert '<a href="?city=Albi&amp;export=csv&amp;page=2" download>CSV</a>' in html
    assert '<a href="?city=Albi&amp;export=xlsx&amp;page=2" download>Excel</a>' in html
    assert "Select all" not in html


def test_toolbar_shows_only_what_it_is_given():
    html = _render("components/list_toolbar.html", summary="3 things")

    assert "export" not in html and "Export" not in html


def test_export_links_to_another_address_ask_for_the_format():
    html = _render("components/export_links.html", export_url="/en/staff/events/1/attendees/")

    assert '<a href="/en/staff/events/1/attendees/?format=csv" download>CSV</a>' in html
    assert '<a href="/en/staff/events/1/attendees/?format=xlsx" download>Excel</a>' in html


def test_status_filter_ignores_a_status_it_does_not_offer():
    choices = [("open", "Open"), ("closed", "Closed")]

    assert StatusFilterForm({"status": "open"}, choices=choices).filters() == {"status": "open"}
    assert StatusFilterForm({"status": "bogus"}, choices=choices).filters() == {"status": ""}
    assert StatusFilterForm({}, choices=choices).filters() == {"status": ""}


def test_status_filter_offers_every_status_after_its_all_option():
    form = StatusFilterForm(None, choices=[("open", "Open")], all_label="All, open first")

    assert form.fields["status"].choices == [("", "All, open first"), ("open", "Open")]
