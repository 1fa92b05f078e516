"""The public FAQ (grouping, languages, search, htmx) and its back-office pages."""

import re

import pytest
from django.utils.html import escape
from django.utils.translation import gettext, override

from communications.forms.faq import FaqEntryForm
from communications.models import FaqCategory, FaqEntry
from communications.services import faq as services

FAQ_URL = "/fr/faq/"
STAFF_FAQ_URL = "/fr/staff/faq/"
NEW_ENTRY_URL = "/fr/staff/faq/entries/new/"
NEW_CATEGORY_URL = "/fr/staff/faq/categories/new/"
NON_STAFF = ["member_admin", "member_contact", "other_member", "anonymous"]


def _french(message: str) -> str:
    with override("fr"):
        return gettext(message)


def _anchors(html: str) -> list[str]:
    """Category headings and entries, in page order, as "h2:slug" / "details:slug"; their
    ids are "category-<slug>" and "question-<slug>"."""
    found = re.findall(
        r'<(h2)\b[^>]*\bid="category-([^"]+)"|<(details)\b[^>]*\bid="question-([^"]+)"', html
    )
    return [f"{h2 or details}:{category or entry}" for h2, category, details, entry in found]


def _field_errors(html: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


def _category(slug: str, position: int, **fields) -> FaqCategory:
    return FaqCategory.objects.create(
        slug=slug, position=position, name_fr=fields.pop("name_fr", slug.title()), **fields
    )


def _entry(category: FaqCategory, slug: str, **fields) -> FaqEntry:
    fields.setdefault("question_fr", f"Question {slug} ?")
    fields.setdefault("answer_fr", f"Réponse {slug}.")
    return FaqEntry.objects.create(category=category, slug=slug, **fields)


# --- the public page ----------------------------------------------------------------------


def test_faq_groups_published_entries_by_category_in_position_order(db, client):
    # Created out of order so that insertion order cannot pass for position order.
    later = _category("categorie-tardive", 20, name_fr="Catégorie tardive")
    earlier = _category("categorie-premiere", 10, name_fr="Catégorie première")
    _entry(later, "deuxieme-tardive", position=2)
    _entry(later, "premiere-tardive", position=1)
    _entry(earlier, "seule-premiere", position=5)
    _entry(
        earlier,
        "brouillon",
        question_fr="Question encore secrète ?",
        answer_fr="Texte confidentiel.",
        is_published=False,
    )

    response = client.get(FAQ_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert _anchors(html) == [
        "h2:categorie-premiere",
        "details:seule-premiere",
        "h2:categorie-tardive",
        "details:premiere-tardive",
        "details:deuxieme-tardive",
    ]
    assert '<a href="#category-categorie-premiere">Catégorie première</a>' in html
    assert 'href="#question-seule-premiere"' in html
    assert "Question encore secrète" not in html
    assert "brouillon" not in html
    # The migration's categories have no entries yet, so they are not listed.
    assert 'id="category-mission"' not in html


def test_a_category_and_a_question_with_the_same_slug_keep_distinct_anchors(db, client):
    # The demo FAQ has both a category and a question "domaines-d-action": ids are prefixed
    # by kind, so no slug can make an id of the page appear twice.
    category = FaqCategory.objects.get(slug="domaines-d-action")  # from the data migration
    _entry(category, "domaines-d-action")
    _entry(category, "results")

    html = client.get(FAQ_URL).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert sorted(set(ids)) == sorted(ids)
    assert _anchors(html) == [
        "h2:domaines-d-action",
        "details:domaines-d-action",
        "details:results",
    ]


def test_unpublished_entries_are_not_found_by_search(db, client):
    category = _category("categorie", 1)
    _entry(category, "brouillon", question_fr="Cotisation secrète ?", is_published=False)

    html = client.get(FAQ_URL, {"q": "cotisation"}).content.decode()

    assert "Cotisation secrète" not in html
    assert _anchors(html) == []


def test_faq_in_english_shows_english_text_and_falls_back_to_french(db, client):
    category = _category("adhesion-test", 1, name_fr="Adhérer", name_en="Joining")
    _entry(
        category,
        "traduite",
        question_fr="Combien coûte l'adhésion ?",
        question_en="How much is the membership fee?",
        answer_fr="Cela dépend de la taille.",
        answer_en="It depends on the size.",
    )
    _entry(category, "non-traduite", question_fr="Où se trouvent vos locaux ?")

    english = client.get("/en/faq/").content.decode()
    french = client.get(FAQ_URL).content.decode()

    assert "How much is the membership fee?" in english
    assert "It depends on the size." in english
    assert "Joining" in english
    assert escape("Combien coûte l'adhésion ?") not in english
    assert "Où se trouvent vos locaux ?" in english
    assert escape("Combien coûte l'adhésion ?") in french
    assert "How much is the membership fee?" not in french


def test_faq_anchors_stay_unique_across_categories_and_entries(db):
    mission = FaqCategory.objects.get(slug="mission")
    form = FaqEntryForm(
        {
            "category": mission.pk,
            "question_fr": "Q ?",
            "answer_fr": "R.",
            "slug": "adhesion",
            "position": 0,
            "is_published": True,
        }
    )
    # "adhesion" is already the membership category's anchor on the same page.
    assert not form.is_valid()
    assert "slug" in form.errors

    entry = services.faq_entry_save(
        entry=FaqEntry(),
        data={"category": mission, "question_fr": "Adhésion", "answer_fr": "R.", "slug": ""},
    )
    assert entry.slug == "adhesion-2"


@pytest.fixture
def searchable(db):
    category = _category("categorie", 1)
    _entry(category, "par-question", question_fr="Comment payer la COTISATION ?", answer_fr="Ok.")
    _entry(category, "par-reponse", question_fr="Quand ?", answer_fr="La cotisation est annuelle.")
    _entry(category, "sans-rapport", question_fr="Où ?", answer_fr="À Toulouse.")


@pytest.mark.parametrize("query", ["cotisation", "Cotisation", "COTISATION"])
def test_faq_search_matches_question_and_answer_case_insensitively(searchable, client, query):
    html = client.get(FAQ_URL, {"q": query}).content.decode()

    assert _anchors(html) == ["h2:categorie", "details:par-question", "details:par-reponse"]
    assert f'value="{query}"' in html


def test_faq_search_without_match_says_so_and_echoes_the_query_escaped(searchable, client):
    query = "<b>introuvable</b>"

    html = client.get(FAQ_URL, {"q": query}).content.decode()

    assert _anchors(html) == []
    expected = _french("No answer matches “%(query)s”.") % {"query": escape(query)}
    assert expected in html
    assert query not in html


def test_faq_htmx_search_returns_only_the_results_fragment(searchable, client):
    fragment = client.get(FAQ_URL, {"q": "annuelle"}, headers={"HX-Request": "true"})
    page = client.get(FAQ_URL, {"q": "annuelle"})

    fragment_html = fragment.content.decode()
    assert fragment.status_code == 200
    assert fragment_html.lstrip().startswith('<div id="results"')
    assert "<html" not in fragment_html
    assert 'role="search"' not in fragment_html
    assert _anchors(fragment_html) == ["h2:categorie", "details:par-reponse"]
    page_html = page.content.decode()
    assert "<html" in page_html
    assert 'id="results"' in page_html
    assert _anchors(page_html) == _anchors(fragment_html)


@pytest.mark.parametrize("entries_per_category", [1, 10])
def test_faq_query_count_does_not_grow_with_entries(
    db, client, django_assert_num_queries, entries_per_category
):
    for position in range(3):
        category = _category(f"categorie-{position}", position + 10)
        for number in range(entries_per_category):
            _entry(category, f"entree-{position}-{number}")

    # The published entries joined with their categories; an anonymous visitor has no
    # session or user to load.
    with django_assert_num_queries(1):
        response = client.get(FAQ_URL)

    assert response.status_code == 200
    assert len(_anchors(response.content.decode())) == 3 + 3 * entries_per_category


@pytest.mark.parametrize("entries_per_category", [1, 10])
def test_staff_faq_query_count_does_not_grow_with_entries(
    personas, client_for, django_assert_num_queries, entries_per_category
):
    for position in range(3):
        category = _category(f"categorie-{position}", position + 10)
        for number in range(entries_per_category):
            _entry(category, f"entree-{position}-{number}")
    client = client_for("staff")

    # session, user, the categories, their entries (one prefetch for all), the header's
    # "is a member" check.
    with django_assert_num_queries(5):
        response = client.get(STAFF_FAQ_URL)

    assert response.status_code == 200
    assert response.content.decode().count("/delete/") == 3 * entries_per_category


# --- back-office CRUD ---------------------------------------------------------------------


@pytest.fixture
def entry_form(db):
    return {
        "category": FaqCategory.objects.get(slug="adhesion").pk,
        "question_fr": "Qui peut adhérer ?",
        "answer_fr": "Toute entreprise du territoire.",
        "question_en": "Who can join?",
        "answer_en": "Any company in the region.",
        "slug": "qui-peut-adherer",
        "position": "3",
        "is_published": "on",
    }


def test_staff_creates_edits_and_deletes_an_entry(personas, client_for, entry_form):
    client = client_for("staff")

    created = client.post(NEW_ENTRY_URL, entry_form)

    assert created.status_code == 302
    assert created["Location"] == STAFF_FAQ_URL
    entry = FaqEntry.objects.get(slug="qui-peut-adherer")
    assert entry.category.slug == "adhesion"
    assert (entry.question_fr, entry.answer_fr) == ("Qui peut adhérer ?", entry_form["answer_fr"])
    assert (entry.question_en, entry.answer_en) == ("Who can join?", "Any company in the region.")
    assert (entry.position, entry.is_published) == (3, True)
    assert "Qui peut adhérer ?" in client.get(FAQ_URL).content.decode()

    edit_url = f"/fr/staff/faq/entries/{entry.pk}/"
    assert client.get(edit_url).status_code == 200
    edited = client.post(
        edit_url, {**entry_form, "question_fr": "Qui peut devenir membre ?", "is_published": ""}
    )

    assert edited.status_code == 302
    entry.refresh_from_db()
    assert entry.question_fr == "Qui peut devenir membre ?"
    assert entry.is_published is False
    assert FaqEntry.objects.count() == 1
    assert "Qui peut devenir membre" not in client.get(FAQ_URL).content.decode()

    deleted = client.post(f"{edit_url}delete/")

    assert deleted.status_code == 302
    assert deleted["Location"] == STAFF_FAQ_URL
    assert not FaqEntry.objects.filter(pk=entry.pk).exists()


def test_entry_delete_refuses_get(personas, client_for, entry_form):
    entry = _entry(FaqCategory.objects.get(slug="mission"), "a-garder")

    response = client_for("staff").get(f"/fr/staff/faq/entries/{entry.pk}/delete/")

    assert response.status_code == 405
    assert FaqEntry.objects.filter(pk=entry.pk).exists()


def test_duplicate_entry_slug_is_a_form_error_and_nothing_is_saved(
    personas, client_for, entry_form
):
    existing = _entry(FaqCategory.objects.get(slug="mission"), "qui-peut-adherer")
    client = client_for("staff")

    response = client.post(NEW_ENTRY_URL, entry_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert _field_errors(html, "slug").strip()
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert list(FaqEntry.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.question_fr == "Question qui-peut-adherer ?"


def test_missing_french_answer_is_an_error_next_to_the_field(personas, client_for, entry_form):
    client = client_for("staff")

    response = client.post(NEW_ENTRY_URL, {**entry_form, "answer_fr": ""})

    assert response.status_code == 200
    html = response.content.decode()
    with override("fr"):
        required = str(FaqEntry._meta.get_field("answer_fr").formfield().error_messages["required"])
    assert escape(required) in _field_errors(html, "answer_fr")
    assert "id_question_fr_errors" not in html
    assert not FaqEntry.objects.exists()


def test_staff_creates_a_category(personas, client_for):
    client = client_for("staff")

    response = client.post(
        NEW_CATEGORY_URL,
        {"name_fr": "Événements", "name_en": "Events", "slug": "evenements", "position": "7"},
    )

    assert response.status_code == 302
    assert response["Location"] == STAFF_FAQ_URL
    category = FaqCategory.objects.get(slug="evenements")
    assert (category.name_fr, category.name_en, category.position) == ("Événements", "Events", 7)
    assert "Événements" in client.get(STAFF_FAQ_URL).content.decode()


@pytest.fixture
def faq_requests(personas, entry_form):
    """(method, url, data) for every FAQ back-office write, against an existing entry."""
    entry = _entry(FaqCategory.objects.get(slug="mission"), "existante")
    category = FaqCategory.objects.get(slug="contacts")
    category_form = {"name_fr": "Piratée", "name_en": "Hacked", "slug": "contacts", "position": 0}
    return [
        (NEW_ENTRY_URL, {**entry_form, "slug": "nouvelle"}),
        (f"/fr/staff/faq/entries/{entry.pk}/", {**entry_form, "slug": "existante"}),
        (f"/fr/staff/faq/entries/{entry.pk}/delete/", {}),
        (NEW_CATEGORY_URL, {**category_form, "slug": "nouvelle-categorie"}),
        (f"/fr/staff/faq/categories/{category.pk}/", category_form),
    ]


def _faq_state():
    return (
        list(FaqEntry.objects.order_by("pk").values()),
        list(FaqCategory.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("persona", NON_STAFF)
def test_non_staff_cannot_change_the_faq(client_for, faq_requests, persona):
    client = client_for(persona)
    before = _faq_state()

    for url, data in faq_requests:
        response = client.post(url, data)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/fr/accounts/login/"), url
        else:
            assert response.status_code == 403, url

    assert _faq_state() == before


def test_the_data_migration_creates_the_five_categories_in_both_languages(db):
    categories = FaqCategory.objects.filter(
        slug__in=["mission", "domaines-d-action", "adhesion", "labellisation", "contacts"]
    ).order_by("position")

    assert [(c.slug, c.name_fr, c.name_en) for c in categories] == [
        ("mission", "La mission du cluster", "The cluster's mission"),
        ("domaines-d-action", "Nos domaines d'action", "Domains of action"),
        ("adhesion", "La procédure d'adhésion", "Membership procedure"),
        ("labellisation", "La labellisation des projets", "Project labelling"),
        ("contacts", "Contacts", "Contacts"),
    ]
    with override("en"):
        assert FaqCategory.objects.get(slug="adhesion").name == "Membership procedure"
    with override("fr"):
        assert FaqCategory.objects.get(slug="adhesion").name == "La procédure d'adhésion"
