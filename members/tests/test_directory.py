"""The public member directory (/members/), its profiles (/members/<slug>/) and /partners/.

Personas come from the root conftest: staff, member_admin and member_contact of org A,
other_member (admin of org B), anonymous. Both A and B are member organizations.
"""

import re
from datetime import date

import pytest
from django.utils import timezone

from members.models import (
    Affiliation,
    Competence,
    Label,
    Organization,
    PartnershipAgreement,
    Region,
    Sector,
    Visibility,
)
from members.selectors import directory as directory_selectors
from members.services import directory as directory_services
from members.services import joining
from members.tests.factories import (
    AffiliationFactory,
    ContactFactory,
    OrganizationFactory,
    membership_paid,
)
from members.views.directory import PARTNERS_PER_PAGE

DIRECTORY = "/fr/members/"
PARTNERS = "/fr/partners/"


def listed(*, sectors=(), competences=(), labels=(), **fields) -> Organization:
    """A member organization that consented to the directory, its search document filled."""
    organization = OrganizationFactory(directory_consent_at=timezone.now(), **fields)
    organization.sectors.set(sectors)
    organization.competences.set(competences)
    organization.labels.set(labels)
    directory_services.organization_search_refresh(organization=organization)
    return organization


def listed_names(response) -> list[str]:
    return re.findall(
        r'<h2 class="directory-card__name"><a [^>]*>([^<]+)</a>', response.content.decode()
    )


def search(client, **params) -> list[str]:
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    return listed_names(response)


@pytest.fixture
def security():
    return Sector.objects.create(name_fr="Sécurité", name_en="Security", slug="securite")


# --- Search ---------------------------------------------------------------------------------


def test_search_normalise_strips_accents_ligatures_and_case():
    assert directory_services.search_normalise("Sécurité ÉCOLE Œuvre Ça") == (
        "securite ecole oeuvre ca"
    )
    # Query terms keep only letters and digits: nothing a tsquery could choke on.
    assert directory_selectors.search_terms("l'École & (IA) | 3D:*!") == ["l", "ecole", "ia", "3d"]


@pytest.mark.django_db
def test_search_refresh_fills_document_from_text_and_taxonomies(security):
    label = Label.objects.create(name_fr="Numérique Responsable", slug="nr")
    organization = listed(
        name="Cœur d'Ingénierie",
        description_en="Embedded software",
        offer_fr="Audits de sûreté",
        keywords="cybersécurité,IoT",
        sectors=[security],
        labels=[label],
    )
    organization.refresh_from_db()
    document = organization.search_document
    for word in ["coeur", "ingenierie", "embedded", "surete", "cybersecurite", "iot"]:
        assert word in document
    assert "securite security" in document
    assert "numerique responsable" in document


@pytest.mark.django_db
def test_search_ignores_accents_and_case(client, security):
    listed(name="Rempart", sectors=[security])
    listed(name="École du Code")
    listed(name="Autre")
    assert search(client, q="securite") == ["Rempart"]
    assert search(client, q="SECURITE") == ["Rempart"]
    assert search(client, q="ecole") == ["École du Code"]
    assert search(client, q="Écôle") == ["École du Code"]


@pytest.mark.django_db
def test_search_matches_the_start_of_words(client, security):
    listed(name="Rempart", sectors=[security])
    listed(name="Autre")
    assert search(client, q="secur") == ["Rempart"]


@pytest.mark.django_db
def test_search_needs_every_word_and_ranks_the_most_relevant_first(client):
    listed(name="Aaa Drones", description_fr="Drones agricoles.")
    listed(name="Zzz Drones", description_fr="Drones de drones pour drones agricoles, drones.")
    listed(name="Bbb Drones", description_fr="Drones de loisir.")
    assert search(client, q="drones agricoles") == ["Zzz Drones", "Aaa Drones"]


@pytest.mark.django_db
def test_search_with_tsquery_syntax_is_treated_as_words(client):
    listed(name="Alpha")
    response = client.get(DIRECTORY, {"q": "alpha & | ! :* ( ' \\"})
    assert response.status_code == 200
    assert listed_names(response) == ["Alpha"]


@pytest.mark.django_db
def test_sqlite_fallback_finds_accented_text_without_accents(client, monkeypatch, security):
    # The quick start runs on SQLite: the same normalised document, searched with LIKE.
    monkeypatch.setattr(directory_selectors, "_is_postgresql", lambda: False)
    listed(name="Rempart", sectors=[security])
    listed(name="École du Code")
    assert search(client, q="SÉCURITÉ") == ["Rempart"]
    assert search(client, q="ecole code") == ["École du Code"]
    assert search(client, q="ecole rempart") == []


# --- Listing, filters, pagination -----------------------------------------------------------


@pytest.mark.django_db
def test_only_consenting_member_organizations_are_listed(client):
    listed(name="Listed")
    not_consented = OrganizationFactory(name="Shy", directory_consent_at=None)
    directory_services.organization_search_refresh(organization=not_consented)
    others = []
    for lifecycle in ["prospect", "applicant", "former_member", "partner"]:
        other = OrganizationFactory(
            name=f"Listed {lifecycle}", lifecycle=lifecycle, directory_consent_at=timezone.now()
        )
        directory_services.organization_search_refresh(organization=other)
        others.append(other)
    assert search(client) == ["Listed"]
    assert search(client, q="listed") == ["Listed"]
    assert search(client, q="shy") == []
    assert client.get(f"{DIRECTORY}{not_consented.slug}/").status_code == 404
    for other in others:
        assert client.get(f"{DIRECTORY}{other.slug}/").status_code == 404, other.lifecycle


@pytest.mark.django_db
def test_filters_by_sector_competence_region_and_label(client, security):
    ai = Competence.objects.create(name_fr="Intelligence artificielle", slug="ia")
    label = Label.objects.create(name_fr="Numérique Responsable", slug="nr")
    listed(
        name="All", sectors=[security], competences=[ai], labels=[label], region=Region.OCCITANIE
    )
    listed(name="Sector only", sectors=[security], region=Region.BRETAGNE)
    listed(name="Nothing")
    assert search(client, sector="securite") == ["All", "Sector only"]
    assert search(client, competence="ia") == ["All"]
    assert search(client, label="nr") == ["All"]
    assert search(client, region=Region.BRETAGNE) == ["Sector only"]
    assert search(client, sector="securite", region=Region.OCCITANIE) == ["All"]
    # The select boxes offer the taxonomies and show the current choice.
    html = client.get(DIRECTORY, {"sector": "securite"}).content.decode()
    assert '<option value="securite" selected>Sécurité</option>' in html


@pytest.mark.django_db
def test_unknown_filter_value_is_reported_and_ignored(client):
    listed(name="Alpha")
    response = client.get(DIRECTORY, {"sector": "no-such-sector"})
    assert response.status_code == 200
    assert listed_names(response) == ["Alpha"]
    assert 'id="id_sector_errors"' in response.content.decode()


@pytest.mark.django_db
def test_directory_pages_by_24_and_page_links_keep_the_filters(client, security):
    for number in range(30):
        listed(name=f"Org {number:02}", sectors=[security])
    listed(name="Outside the sector")
    first = client.get(DIRECTORY, {"sector": "securite"})
    assert len(listed_names(first)) == 24
    html = first.content.decode()
    assert 'href="?page=2&amp;sector=securite"' in html
    second = client.get(DIRECTORY, {"sector": "securite", "page": 2})
    assert listed_names(second) == [f"Org {number:02}" for number in range(24, 30)]


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_fragment(client):
    listed(name="Alpha")
    full = client.get(DIRECTORY).content.decode()
    assert "<html" in full and 'id="results"' in full and 'hx-get="/fr/members/"' in full
    fragment = client.get(DIRECTORY, {"q": "alp"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<form" not in html
    assert listed_names(fragment) == ["Alpha"]


@pytest.mark.django_db
def test_directory_card_hides_fields_the_organization_did_not_make_public(client, security):
    listed(
        name="Discreet",
        description_fr="Notre secret industriel",
        sectors=[security],
        visibility={"description": Visibility.MEMBERS, "sectors": Visibility.HIDDEN},
    )
    html = client.get(DIRECTORY).content.decode()
    assert "Discreet" in html
    assert "secret industriel" not in html
    assert "<li>Sécurité</li>" not in html


# --- Profile --------------------------------------------------------------------------------


@pytest.fixture
def profile_org(personas, security):
    """Org A, listed, with a members-only phone, a hidden email and two people to contact."""
    organization = personas.org_a
    organization.directory_consent_at = timezone.now()
    organization.phone = "05 61 00 00 00"
    organization.email = "hello@alpha.test"
    organization.siren = "732829320"
    organization.description_fr = "Conseil en sécurité."
    organization.visibility = {"email": Visibility.HIDDEN}
    organization.save()
    organization.sectors.set([security])
    boss = ContactFactory(first_name="Bérénice", last_name="Bosse", job_title="Présidente")
    AffiliationFactory(
        contact=boss, organization=organization, position=Affiliation.Position.EXECUTIVE
    )
    erased = ContactFactory(first_name="Effacé", last_name="Gone", anonymised_at=timezone.now())
    AffiliationFactory(
        contact=erased, organization=organization, position=Affiliation.Position.MAIN_CONTACT
    )
    return organization


def _profile(client_for, persona, organization) -> str:
    response = client_for(persona).get(f"{DIRECTORY}{organization.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_members_only_fields_show_to_member_contacts_and_staff_not_to_anonymous(
    client_for, profile_org
):
    for persona in ["member_contact", "other_member", "staff"]:
        html = _profile(client_for, persona, profile_org)
        assert "05 61 00 00 00" in html, persona
        assert "732829320" in html, persona
        assert "Bérénice Bosse, Présidente" in html, persona
    anonymous = _profile(client_for, "anonymous", profile_org)
    assert "Conseil en sécurité." in anonymous and "Sécurité" in anonymous
    assert "05 61 00 00 00" not in anonymous
    assert "732829320" not in anonymous
    assert "Bosse" not in anonymous


@pytest.mark.django_db
def test_hidden_field_is_shown_to_nobody(client_for, profile_org):
    for persona in ["anonymous", "member_contact", "member_admin", "staff"]:
        assert "hello@alpha.test" not in _profile(client_for, persona, profile_org), persona


@pytest.mark.django_db
def test_public_field_made_hidden_disappears_from_the_profile(client_for, profile_org):
    profile_org.visibility = {"description": Visibility.HIDDEN}
    profile_org.save()
    assert "Conseil en sécurité." not in _profile(client_for, "staff", profile_org)


@pytest.mark.django_db
def test_profile_never_names_erased_people(client_for, profile_org):
    assert "Effacé" not in _profile(client_for, "member_admin", profile_org)


# --- Partners -------------------------------------------------------------------------------


def partner(name: str, kind: str, agreements: int = 1) -> Organization:
    organization = OrganizationFactory(name=name, kind=kind, lifecycle="partner")
    for number in range(agreements):
        PartnershipAgreement.objects.create(
            organization=organization,
            kind=PartnershipAgreement.Kind.RESEARCH,
            title=f"{name} accord {number}",
            starts_on=date(2025, 1, 1 + number),
            description_fr="Thèses CIFRE communes.",
        )
    return organization


@pytest.mark.django_db
def test_partners_page_groups_partners_by_kind_with_their_public_agreements(client):
    university = partner("Université Paul Sabatier", Organization.Kind.UNIVERSITY)
    partner("Région Occitanie", Organization.Kind.LOCAL_AUTHORITY)
    PartnershipAgreement.objects.create(
        organization=university,
        kind=PartnershipAgreement.Kind.FUNDING,
        title="Accord confidentiel",
        starts_on=date(2025, 3, 1),
        is_public=False,
    )
    OrganizationFactory(name="Membre Ordinaire")
    html = client.get(PARTNERS).content.decode()
    assert html.index("Université ou école") < html.index("Université Paul Sabatier")
    assert html.index("Collectivité territoriale") < html.index("Région Occitanie")
    assert "Université Paul Sabatier accord 0" in html
    assert "Thèses CIFRE communes." in html
    assert "Accord confidentiel" not in html
    assert "Membre Ordinaire" not in html


# --- Query budgets --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_directory_query_count_does_not_grow_with_the_list(client, django_assert_num_queries, size):
    sectors = [Sector.objects.create(name_fr=f"Secteur {n}", slug=f"s{n}") for n in range(3)]
    competences = [Competence.objects.create(name_fr=f"Comp {n}", slug=f"c{n}") for n in range(3)]
    for number in range(size):
        listed(name=f"Org {number:02}", sectors=sectors, competences=competences)
    # sector, competence and label choices; count; page; sectors, competences, labels.
    with django_assert_num_queries(8):
        response = client.get(DIRECTORY, {"q": "org"})
    assert len(listed_names(response)) == min(size, 24)
    with django_assert_num_queries(8):
        client.get(DIRECTORY, {"sector": "s1", "page": 2})


@pytest.mark.django_db
def test_directory_query_count_for_a_member(client_for, personas, django_assert_num_queries):
    for number in range(5):
        listed(name=f"Org {number}")
    client = client_for("member_contact")
    # session, user; member check for the viewer and for the header's "Member space" link;
    # three filter choices; count; page; sectors, competences, labels.
    with django_assert_num_queries(12):
        client.get(DIRECTORY)


@pytest.mark.django_db
@pytest.mark.parametrize("persona, queries", [("anonymous", 7), ("member_contact", 12)])
def test_profile_query_count(client_for, profile_org, django_assert_num_queries, persona, queries):
    client = client_for(persona)
    # anonymous: organization; sectors, competences, labels; one query per panel of the apps
    # above: the awards won (community), the success stories (community), the company's
    # latest news (communications).
    # member: session, user, member check (viewer and header), the same seven, main contacts.
    with django_assert_num_queries(queries):
        client.get(f"{DIRECTORY}{profile_org.slug}/")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_partners_query_count_does_not_grow(client, django_assert_num_queries, size):
    for number in range(size):
        partner(f"Partenaire {number}", Organization.Kind.FUNDER, agreements=2)
    # the count; the page of partners; their public agreements.
    with django_assert_num_queries(3):
        response = client.get(PARTNERS)
    assert response.content.decode().count("accord 1") == size


@pytest.mark.django_db
def test_partners_come_a_page_at_a_time_in_the_order_of_their_kinds(client, settings):
    for number in range(3):
        partner(f"Financeur {number}", Organization.Kind.FUNDER)
    for number in range(PARTNERS_PER_PAGE):
        partner(f"Université {number:02}", Organization.Kind.UNIVERSITY)
    first = client.get(PARTNERS).content.decode()
    second = client.get(PARTNERS, {"page": 2}).content.decode()
    # Universities come before funders (Organization.Kind's order), a page at a time.
    assert "Université 00" in first and "Université 47" in first and "Financeur" not in first
    assert "Financeur 0" in second and "Financeur 2" in second and "Université" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


# --- Cache of the anonymous landing page ----------------------------------------------------


@pytest.mark.django_db
def test_anonymous_landing_page_is_cached_until_an_entry_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    alpha = listed(name="Alpha")
    assert search(client) == ["Alpha"]
    # Served from the cache: no query at all.
    with django_assert_num_queries(0):
        assert search(client) == ["Alpha"]
    Organization.objects.filter(pk=alpha.pk).update(name="Alpha Renamed")
    assert search(client) == ["Alpha"]
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.organization_search_refresh(organization=alpha)
    assert search(client) == ["Alpha Renamed"]


@pytest.mark.django_db
def test_cached_landing_page_is_per_language_and_not_shared_with_members(client_for, personas):
    listed(
        name="Alpha", description_fr="Réservé aux membres", visibility={"description": "members"}
    )
    anonymous = client_for("anonymous")
    assert "Réservé aux membres" not in anonymous.get(DIRECTORY).content.decode()
    assert 'lang="en"' in anonymous.get("/en/members/").content.decode()
    assert "Members directory" in anonymous.get("/en/members/").content.decode()
    member = client_for("member_contact")
    assert "Réservé aux membres" in member.get(DIRECTORY).content.decode()


def _profile_edit(organization: Organization, **changes) -> None:
    """The organization's own edit of its profile (member space), changing `changes`."""
    from members.services import profiles

    data = {field: getattr(organization, field) for field in profiles.PROFILE_FIELDS}
    data |= {
        "sectors": list(organization.sectors.all()),
        "competences": list(organization.competences.all()),
        "visibility": organization.visibility,
        "directory_consent": True,
        "remove_logo": False,
    }
    profiles.organization_profile_update(
        organization=organization, data=data | changes, logo=None, updated_by=None
    )


@pytest.mark.django_db
def test_anonymous_result_pages_are_cached_whatever_the_order_of_their_parameters(
    client, security, django_assert_num_queries
):
    listed(name="Alpha Sécurité", sectors=[security])
    listed(name="Alphabet")
    first = client.get(f"{DIRECTORY}?q=alpha&sector=securite")
    assert listed_names(first) == ["Alpha Sécurité"]
    with django_assert_num_queries(0):
        again = client.get(f"{DIRECTORY}?sector=securite&q=alpha")
    assert listed_names(again) == ["Alpha Sécurité"]
    # Other parameters are another page, computed for them.
    assert sorted(search(client, q="alpha")) == ["Alpha Sécurité", "Alphabet"]
    with django_assert_num_queries(0):
        assert sorted(search(client, q="alpha")) == ["Alpha Sécurité", "Alphabet"]


@pytest.mark.django_db
def test_an_approval_shows_at_once_on_cached_search_pages(
    client, personas, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from members.tests.factories import application_submitted as submit

    application = submit(name="Gamma Robotique")
    # A page with parameters, cached apart from the landing page.
    assert search(client, page="1") == []
    with django_capture_on_commit_callbacks(execute=True):
        joining.application_approve(
            application=application, reviewer=personas.staff, dues_amount=Decimal(300), message=""
        )
    assert search(client, page="1") == ["Gamma Robotique"]


@pytest.mark.django_db
def test_anonymous_profile_is_cached_until_the_organization_edits_it(
    client, profile_org, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = f"{DIRECTORY}{profile_org.slug}/"
    assert "Conseil en sécurité." in client.get(url).content.decode()
    with django_assert_num_queries(0):
        cached = client.get(url).content.decode()
    assert "Conseil en sécurité." in cached
    assert f"<title>{profile_org.name} ·" in cached
    with django_capture_on_commit_callbacks(execute=True):
        _profile_edit(profile_org, description_fr="Audit et formation.")
    html = client.get(url).content.decode()
    assert "Audit et formation." in html and "Conseil en sécurité." not in html


@pytest.mark.django_db
def test_signed_in_members_never_get_the_anonymous_cache(client_for, profile_org):
    listed(
        name="Alpha Réservé",
        description_fr="Réservé aux membres",
        visibility={"description": "members"},
    )
    profile = f"{DIRECTORY}{profile_org.slug}/"
    anonymous = client_for("anonymous")
    for _ in range(2):  # the second one comes from the cache
        anonymous_profile = anonymous.get(profile)
        anonymous_search = anonymous.get(DIRECTORY, {"q": "alpha"})
    assert "05 61 00 00 00" not in anonymous_profile.content.decode()
    assert "Réservé aux membres" not in anonymous_search.content.decode()
    for response in (anonymous_profile, anonymous_search):
        assert "Cookie" in response["Vary"]
        assert "private" not in response.get("Cache-Control", "")

    member = client_for("member_contact")
    member_profile = member.get(profile)
    member_search = member.get(DIRECTORY, {"q": "alpha"})
    assert "05 61 00 00 00" in member_profile.content.decode()
    assert "Réservé aux membres" in member_search.content.decode()
    for response in (member_profile, member_search):
        # A shared cache must never keep what a signed-in viewer sees.
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("fragment_first", [True, False])
def test_htmx_fragment_and_full_page_are_cached_apart(
    client, django_assert_num_queries, fragment_first
):
    listed(name="Alpha")

    def fetch(fragment: bool) -> str:
        headers = {"HX-Request": "true"} if fragment else {}
        response = client.get(DIRECTORY, {"q": "alp"}, headers=headers)
        # Browsers must not answer one with the other from their own cache either.
        assert "HX-Request" in response["Vary"]
        return response.content.decode()

    order = [True, False] if fragment_first else [False, True]
    for fragment in order:
        fetch(fragment)
    with django_assert_num_queries(0):
        fragment_html, full_html = fetch(True), fetch(False)
    assert fragment_html.lstrip().startswith('<div id="results"')
    assert "<html" not in fragment_html and "<form" not in fragment_html
    assert "<html" in full_html and "<h1>" in full_html and 'id="results"' in full_html
    assert re.findall(r"directory-card__name", fragment_html) == ["directory-card__name"]


@pytest.mark.django_db
def test_a_person_who_withdrew_directory_consent_is_not_named_on_the_profile(
    client_for, profile_org
):
    from members.models import ConsentRecord

    boss = profile_org.affiliations.get(contact__last_name="Bosse").contact
    assert "Bosse" in _profile(client_for, "member_contact", profile_org)
    for granted in (True, False):  # the latest record counts
        ConsentRecord.objects.create(
            contact=boss,
            purpose=ConsentRecord.Purpose.DIRECTORY,
            granted=granted,
            source=ConsentRecord.Source.MEMBER_SPACE,
            text_version="test",
        )
    assert "Bosse" not in _profile(client_for, "member_contact", profile_org)


@pytest.mark.django_db
def test_an_approved_application_is_listed_at_once_despite_the_cache(
    client, personas, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from members.tests.factories import application_submitted as submit

    application = submit(name="Gamma Robotique")
    assert search(client) == []  # the landing page is now cached without it
    with django_capture_on_commit_callbacks(execute=True):
        joining.application_approve(
            application=application, reviewer=personas.staff, dues_amount=Decimal(300), message=""
        )
    assert search(client) == ["Gamma Robotique"]


@pytest.mark.django_db
def test_dues_paid_by_a_former_member_list_it_again_at_once(
    client, django_capture_on_commit_callbacks
):
    from members.models import Membership

    organization = listed(name="Delta", lifecycle=Organization.Lifecycle.FORMER_MEMBER)
    today = timezone.localdate()
    membership = Membership.objects.create(
        organization=organization,
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
        status=Membership.Status.APPROVED,
    )
    assert search(client) == []
    with django_capture_on_commit_callbacks(execute=True):
        membership_paid(membership, paid_on=today)
    assert search(client) == ["Delta"]


@pytest.mark.django_db
def test_staff_edit_of_the_lifecycle_unlists_at_once(
    client, personas, django_capture_on_commit_callbacks
):
    from members.services import organizations as organization_services

    alpha = listed(name="Alpha")
    assert search(client) == ["Alpha"]
    data = {field: getattr(alpha, field) for field in organization_services.STAFF_EDITED_FIELDS} | {
        "lifecycle": Organization.Lifecycle.FORMER_MEMBER,
        "animator": None,
    }
    data |= {"sectors": [], "labels": [], "tags": []}
    with django_capture_on_commit_callbacks(execute=True):
        organization_services.organization_staff_update(
            organization=alpha, data=data, updated_by=personas.staff
        )
    assert search(client) == []


def test_directory_cards_name_the_kind_city_and_region_in_the_visitors_language(client, db):
    listed(name="Kalilab", kind=Organization.Kind.STARTUP, city="Albi", region=Region.OCCITANIE)

    response = client.get("/en/members/", {"q": "kalilab"})

    meta = re.findall(r'<p class="directory-card__meta">([^<]+)</p>', response.content.decode())
    assert meta == ["Start-up · Albi · Occitanie"]
