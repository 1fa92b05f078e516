import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.tests.factories import UserFactory
from members.models import (
    Affiliation,
    Competence,
    Interaction,
    Membership,
    Organization,
    PerceptionAssessment,
    Region,
    Sector,
    Segment,
    Tag,
    WorkingGroup,
    WorkingGroupMember,
)
from members.selectors import organizations as organization_selectors
from members.services import organizations as organization_services
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory

LIST = "/fr/staff/organizations/"
CONTACTS = "/fr/staff/contacts/"
DASHBOARD = "/fr/staff/"
NON_STAFF = ["member_admin", "member_contact", "other_member"]


def staff_client(client, user=None):
    user = user or UserFactory(is_staff=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def listed(response) -> list[str]:
    return re.findall(
        r'href="/fr/staff/organizations/[^/"]+/">([^<]+)</a>', response.content.decode()
    )


def membership(organization, *, status=Membership.Status.ACTIVE, year=None, paid=False):
    year = year or timezone.localdate().year
    return Membership.objects.create(
        organization=organization,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        status=status,
        paid_on=date(year, 2, 1) if paid else None,
    )


def page_url(organization) -> str:
    return f"/fr/staff/organizations/{organization.slug}/"


@pytest.fixture
def register(db):
    """Four organizations built so that every filter of the list keeps a different set."""
    numerique = Sector.objects.create(name_fr="Numérique", slug="numerique")
    sante = Sector.objects.create(name_fr="Santé", slug="sante")
    ia = Competence.objects.create(name_fr="IA", slug="ia")
    cyber = Competence.objects.create(name_fr="Cybersécurité", slug="cyber")
    vip = Tag.objects.create(name_fr="VIP", slug="vip")
    anna = UserFactory(is_staff=True, first_name="Anna", last_name="Animatrice")
    bruno = UserFactory(is_staff=True, first_name="Bruno", last_name="Animateur")

    alpha = OrganizationFactory(
        name="Alpha",
        kind=Organization.Kind.COMPANY,
        lifecycle=Organization.Lifecycle.MEMBER,
        region=Region.OCCITANIE,
        segment=Segment.ACQUIRED,
        animator=anna,
        siren="123456789",
    )
    alpha.sectors.add(numerique)
    alpha.competences.add(ia)
    alpha.tags.add(vip)
    membership(alpha, paid=True)

    bravo = OrganizationFactory(
        name="Bravo",
        kind=Organization.Kind.STARTUP,
        lifecycle=Organization.Lifecycle.MEMBER,
        region=Region.ILE_DE_FRANCE,
        segment=Segment.OPPONENT,
        animator=bruno,
        city="Lyon",
    )
    bravo.sectors.add(sante)
    bravo.competences.add(cyber)
    membership(bravo, paid=False)

    charlie = OrganizationFactory(
        name="Charlie",
        kind=Organization.Kind.RESEARCH_LAB,
        lifecycle=Organization.Lifecycle.PROSPECT,
        region=Region.OCCITANIE,
    )
    membership(charlie, status=Membership.Status.APPLIED)

    delta = OrganizationFactory(
        name="Delta",
        kind=Organization.Kind.COMPANY,
        lifecycle=Organization.Lifecycle.FORMER_MEMBER,
    )
    membership(delta, status=Membership.Status.EXPIRED, year=timezone.localdate().year - 1)
    return {"anna": anna, "bruno": bruno, "vip": vip, "orgs": [alpha, bravo, charlie, delta]}


def test_list_without_filters_shows_every_organization(client, register):
    assert listed(staff_client(client).get(LIST)) == ["Alpha", "Bravo", "Charlie", "Delta"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "company"}, ["Alpha", "Delta"]),
        ({"lifecycle": "prospect"}, ["Charlie"]),
        ({"sector": "numerique"}, ["Alpha"]),
        ({"competence": "cyber"}, ["Bravo"]),
        ({"region": Region.OCCITANIE}, ["Alpha", "Charlie"]),
        ({"membership": "current"}, ["Alpha", "Bravo"]),
        ({"membership": "none"}, ["Charlie", "Delta"]),
        ({"membership": "applied"}, ["Charlie"]),
        ({"dues_unpaid": "on"}, ["Bravo"]),
        ({"segment": "opponent"}, ["Bravo"]),
        ({"segment": "no_opinion"}, ["Charlie", "Delta"]),
        ({"animator": "none"}, ["Charlie", "Delta"]),
        ({"tag": "vip"}, ["Alpha"]),
        ({"q": "brav"}, ["Bravo"]),
        ({"q": "lyon"}, ["Bravo"]),
        ({"q": "123 456 789"}, ["Alpha"]),
        ({"kind": "company", "lifecycle": "member"}, ["Alpha"]),
    ],
)
def test_each_filter_narrows_the_list(client, register, params, expected):
    assert listed(staff_client(client).get(LIST, params)) == expected


def test_animator_filter_keeps_the_organizations_in_their_charge(client, register):
    response = staff_client(client).get(LIST, {"animator": register["bruno"].pk})
    assert listed(response) == ["Bravo"]


def test_an_unknown_filter_value_is_ignored_not_fatal(client, register):
    response = staff_client(client).get(LIST, {"sector": "gone", "kind": "company"})
    assert response.status_code == 200
    assert listed(response) == ["Alpha", "Delta"]


def test_htmx_request_gets_only_the_results_fragment(client, register):
    response = staff_client(client).get(LIST, {"kind": "startup"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<h1>" not in html
    assert listed(response) == ["Bravo"]


def test_pagination_links_keep_the_filters(client, db):
    for number in range(55):
        OrganizationFactory(name=f"Org {number:02}", kind=Organization.Kind.STARTUP)
    OrganizationFactory(name="Not a start-up")
    html = staff_client(client).get(LIST, {"kind": "startup"}).content.decode()
    assert 'href="?kind=startup&amp;page=2"' in html


def test_select_all_on_this_page_ticks_every_row(client, register):
    client = staff_client(client)
    plain = client.get("/en/staff/organizations/").content.decode()
    ticked = client.get("/en/staff/organizations/", {"select": "page"}).content.decode()
    assert plain.count('name="organizations"') == ticked.count('name="organizations"') == 4
    assert " checked>" not in plain
    assert ticked.count(" checked>") == 4
    assert (
        '<label for="select-{}" class="visually-hidden">Select Alpha</label>'.format(
            register["orgs"][0].pk
        )
        in plain
    )


def test_rows_show_labels_in_the_viewers_language_and_link_each_organization(client, register):
    alpha, bravo = register["orgs"][:2]
    html = staff_client(client).get("/en/staff/organizations/", {"kind": "company"}).content
    html = html.decode()
    row = re.search(rf'<tr>\s*<td>\s*<input[^>]*value="{alpha.pk}".*?</tr>', html, re.S)[0]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
    ]
    # The columns that sort out an organization at a glance; kind, segment, sectors, tags and
    # the invitation link are on its 360° page, so the list fits a laptop screen.
    assert cells[1:] == ["Alpha", "Member", alpha.city, "Active · paid", "Anna Animatrice", "0"]
    assert f'href="/en/staff/organizations/{alpha.slug}/">Alpha</a>' in row
    assert "Bravo" not in html
    # The French page names the same things in French.
    french = staff_client(client).get(LIST, {"q": bravo.name}).content.decode()
    assert "<td>Adhérent</td>" in french and "<td>En cours</td>" in french


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ({}, None),
        ({"q": "alpha"}, None),
        # A stale bookmark's unknown value filters nothing, so it opens nothing.
        ({"kind": "no-such-kind"}, None),
        ({"kind": "company"}, "Filters (1 in use)"),
        ({"kind": "company", "dues_unpaid": "on", "q": "a"}, "Filters (2 in use)"),
    ],
)
def test_filters_panel_stays_folded_until_a_filter_is_in_use(client, register, query, summary):
    html = staff_client(client).get("/en/staff/organizations/", query).content.decode()

    panel = re.search(r'<details class="crm-filters__more"( open)?>\s*<summary>([^<]*)<', html)
    assert panel[1] == (" open" if summary else None)
    assert panel[2] == (summary or "Filters")


@pytest.mark.parametrize("size", [5, 60])
def test_list_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    sectors = [Sector.objects.create(name_fr=f"S{n}", slug=f"s{n}") for n in range(3)]
    tags = [Tag.objects.create(name_fr=f"T{n}", slug=f"t{n}") for n in range(3)]
    animator = UserFactory(is_staff=True)
    for number in range(size):
        organization = OrganizationFactory(name=f"Org {number:02}", animator=animator)
        organization.sectors.set(sectors)
        organization.tags.set(tags)
        membership(organization)
        AffiliationFactory(organization=organization)
    client = staff_client(client)
    # session, user; sectors, competences, tags and animators for the filter and bulk
    # forms; the paginator's COUNT; the page (animator joined, membership and contact
    # count as subqueries); the header's "is a member" check.
    with django_assert_num_queries(9):
        response = client.get(LIST, {"region": "", "q": "org"})
    assert len(listed(response)) == min(size, 50)
    assert "<td>1</td>" in response.content.decode()


# Bulk actions


def test_staff_tags_the_selected_organizations_with_an_existing_tag(client, register):
    alpha, bravo, charlie, _ = register["orgs"]
    response = staff_client(client).post(
        LIST,
        {
            "action": "tag",
            "organizations": [bravo.pk, charlie.pk, alpha.pk],
            "tag": "vip",
            "next": "/fr/staff/organizations/?kind=startup",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/staff/organizations/?kind=startup"
    tagged = Organization.objects.filter(tags__slug="vip").order_by("name")
    assert [organization.name for organization in tagged] == ["Alpha", "Bravo", "Charlie"]


def test_staff_tags_with_a_new_tag_name(client, register):
    bravo = register["orgs"][1]
    staff_client(client).post(
        LIST, {"action": "tag", "organizations": [bravo.pk], "new_tag": "Salon 2026"}
    )
    tag = Tag.objects.get(name_fr="Salon 2026")
    assert list(tag.organization_set.all()) == [bravo]


def test_tagging_without_a_tag_changes_nothing_and_says_why(client, register):
    bravo = register["orgs"][1]
    response = staff_client(client).post(
        LIST, {"action": "tag", "organizations": [bravo.pk]}, follow=True
    )
    assert "Choisissez une étiquette ou saisissez-en une nouvelle." in response.content.decode()
    assert not bravo.tags.exists()


def test_bulk_action_without_selection_is_refused(client, register):
    response = staff_client(client).post(LIST, {"action": "tag", "tag": "vip"}, follow=True)
    assert "Sélectionnez au moins une organisation." in response.content.decode()
    assert Organization.objects.filter(tags__slug="vip").count() == 1


def test_staff_assigns_an_animator_to_the_selection(client, register):
    _, bravo, charlie, delta = register["orgs"]
    staff_client(client).post(
        LIST,
        {
            "action": "assign",
            "organizations": [charlie.pk, delta.pk],
            "animator": register["bruno"].pk,
        },
    )
    assert set(register["bruno"].organizations_in_charge.all()) == {bravo, charlie, delta}


def test_assigning_a_non_staff_user_is_refused(client, register, personas):
    charlie = register["orgs"][2]
    staff_client(client).post(
        LIST,
        {"action": "assign", "organizations": [charlie.pk], "animator": personas.member_admin.pk},
    )
    charlie.refresh_from_db()
    assert charlie.animator is None


@pytest.mark.parametrize("persona", NON_STAFF)
def test_bulk_actions_are_forbidden_to_members(client_for, personas, register, persona):
    alpha, bravo, *_ = register["orgs"]
    client = client_for(persona)
    tag = client.post(LIST, {"action": "tag", "organizations": [bravo.pk], "tag": "vip"})
    assign = client.post(
        LIST,
        {"action": "assign", "organizations": [bravo.pk], "animator": register["anna"].pk},
    )
    export = client.post(LIST, {"action": "export_csv", "organizations": [alpha.pk]})
    assert (tag.status_code, assign.status_code, export.status_code) == (403, 403, 403)
    bravo.refresh_from_db()
    assert not bravo.tags.exists()
    assert bravo.animator == register["bruno"]


def test_bulk_actions_send_anonymous_visitors_to_login(client, register):
    bravo = register["orgs"][1]
    response = client.post(LIST, {"action": "tag", "organizations": [bravo.pk], "tag": "vip"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not bravo.tags.exists()


def test_staff_exports_the_selection(client, register):
    alpha, bravo, *_ = register["orgs"]
    response = staff_client(client).post(
        LIST, {"action": "export_csv", "organizations": [bravo.pk, alpha.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Alpha", "Bravo"]


# Export of the filtered list


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_has_the_filtered_rows_and_every_column(client, register):
    alpha = register["orgs"][0]
    alpha.postal_code, alpha.website = "31000", "https://alpha.test"
    alpha.save()
    response = staff_client(client).get(
        "/en/staff/organizations/", {"export": "csv", "region": Region.OCCITANIE}
    )

    assert response["Content-Disposition"] == 'attachment; filename="organizations.csv"'
    header, *rows = csv_rows(response)
    assert header[:4] == ["Name", "Kind", "Lifecycle", "SIREN"]
    assert [row[0] for row in rows] == ["Alpha", "Charlie"]
    assert rows[0] == [
        "Alpha",
        "Company",
        "Member",
        "123456789",
        "Toulouse",
        "31000",
        "Occitanie",
        "https://alpha.test",
        "Acquired",
        "Anna Animatrice",
        "Numérique",
        "VIP",
        "Active",
        "yes",
    ]


def test_export_columns_give_membership_status_and_dues(client, register):
    header, *rows = csv_rows(staff_client(client).get("/en/staff/organizations/?export=csv"))
    by_name = {row[0]: row for row in rows}
    assert header[-2:] == ["Current membership status", "Dues paid"]
    assert by_name["Alpha"][-2:] == ["Active", "yes"]
    assert by_name["Bravo"][-2:] == ["Active", "no"]
    assert by_name["Charlie"][-2:] == ["Applied", "no"]
    assert by_name["Delta"][-2:] == ["", ""]
    assert by_name["Bravo"][8] == "Opponent"


def test_exports_neutralise_formula_injection(client, db):
    hostile = OrganizationFactory(name='=HYPERLINK("http://evil.test","clic")', city="+33 Albi")
    hostile.tags.add(Tag.objects.create(name_fr="@SUM(A1)", slug="sum"))
    client = staff_client(client)

    row = csv_rows(client.get(LIST, {"export": "csv"}))[1]
    assert row[0] == '\'=HYPERLINK("http://evil.test","clic")'
    assert row[4] == "'+33 Albi"
    assert row[11] == "'@SUM(A1)"

    response = client.get(LIST, {"export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="organizations.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil.test","clic")'
    assert sheet["A2"].data_type == "s"
    assert sheet["E2"].value == "'+33 Albi"
    assert sheet["L2"].value == "'@SUM(A1)"


def test_xlsx_export_has_the_filtered_rows(client, register):
    response = staff_client(client).get(LIST, {"export": "xlsx", "membership": "current"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Alpha", "Bravo"]


@pytest.mark.parametrize("size", [5, 60])
def test_export_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    sectors = [Sector.objects.create(name_fr=f"S{n}", slug=f"s{n}") for n in range(2)]
    tag = Tag.objects.create(name_fr="T", slug="t")
    animator = UserFactory(is_staff=True)
    for number in range(size):
        organization = OrganizationFactory(name=f"Org {number:02}", animator=animator)
        organization.sectors.set(sectors)
        organization.tags.add(tag)
        membership(organization)
    client = staff_client(client)
    # session, user; the four choice lists that validate the filters; the organizations
    # (animator joined, current membership as subqueries); their sectors; their tags.
    with django_assert_num_queries(9):
        response = client.get(LIST, {"export": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active.max_row == size + 1


# Organization 360° page


@pytest.fixture
def org_with_history(db):
    organization = OrganizationFactory(name="Omega Systèmes", siren="552100554")
    group = WorkingGroup.objects.create(name_fr="Cybersécurité", slug="cyber")
    for number in range(3):
        affiliation = AffiliationFactory(
            organization=organization,
            contact=ContactFactory(first_name="Camille", last_name=f"Contact{number}"),
            position=Affiliation.Position.MAIN_CONTACT,
        )
        WorkingGroupMember.objects.create(
            group=group, contact=affiliation.contact, status=WorkingGroupMember.Status.ACCEPTED
        )
    membership(organization, paid=True)
    return organization


def _grow(organization, size):
    author = UserFactory(is_staff=True)
    for number in range(size):
        affiliation = AffiliationFactory(organization=organization)
        interaction = Interaction.objects.create(
            organization=organization,
            kind=Interaction.Kind.CALL,
            summary=f"Appel {number}",
            author=author,
            happened_on=date(2025, 1, 1) + timedelta(days=number),
        )
        interaction.contacts.add(affiliation.contact)
        PerceptionAssessment.objects.create(
            organization=organization, segment=Segment.ACQUIRED, assessed_by=author
        )


def test_organization_page_shows_the_whole_picture(client, org_with_history):
    Interaction.objects.create(
        organization=org_with_history,
        kind=Interaction.Kind.VISIT,
        summary="Ancienne visite",
        happened_on=date(2024, 5, 1),
    )
    Interaction.objects.create(
        organization=org_with_history,
        kind=Interaction.Kind.CALL,
        summary="Appel récent",
        happened_on=date(2025, 5, 1),
    )
    html = staff_client(client).get(page_url(org_with_history)).content.decode()

    assert "Omega Systèmes" in html and "552100554" in html
    assert html.count('class="contact-row"') == 3
    assert "Camille Contact0" in html and "Contact principal" in html
    assert html.index("Appel récent") < html.index("Ancienne visite")
    assert "Cybersécurité" in html
    assert "En cours" in html  # the membership status, in French


def test_list_links_each_organization_to_its_page(client, org_with_history):
    html = staff_client(client).get(LIST).content.decode()
    assert f'href="{page_url(org_with_history)}"' in html


@pytest.mark.parametrize("size", [10, 40])
def test_organization_page_query_count_does_not_grow(
    client, org_with_history, django_assert_num_queries, size
):
    _grow(org_with_history, size)
    client = staff_client(client)
    # session, user; the organization with its animator, then its sectors, competences,
    # labels, tags; its contacts; the animators; its perception history; its interactions,
    # their contacts; its memberships; its contacts' working groups; the header's "is a
    # member" check; its people's event registrations (attendance history); its named survey
    # answers with their questions and surveys (latest NPS included); its collaborative
    # projects (led or partnered, with their calls); its annual statements; its answer on
    # the network directory feed.
    with django_assert_num_queries(20):
        response = client.get(page_url(org_with_history))
    assert response.content.decode().count('class="interaction"') == size


@pytest.mark.parametrize("persona", NON_STAFF)
def test_organization_page_is_forbidden_to_members(client_for, personas, persona):
    assert client_for(persona).get(page_url(personas.org_a)).status_code == 403


def test_organization_page_sends_anonymous_visitors_to_login(client, personas):
    response = client.get(page_url(personas.org_a))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_organization_page_is_404(client, db):
    assert staff_client(client).get("/fr/staff/organizations/nobody/").status_code == 404


# Perception


@pytest.mark.parametrize(
    "credible, interesting, segment",
    [
        ("yes", "yes", Segment.ACQUIRED),
        ("yes", "no", Segment.INDIFFERENT),
        ("no", "yes", Segment.SKEPTIC),
        ("no", "no", Segment.OPPONENT),
        ("unknown", "yes", Segment.NO_OPINION),
        ("yes", "unknown", Segment.NO_OPINION),
        ("unknown", "unknown", Segment.NO_OPINION),
        ("no", "unknown", Segment.NO_OPINION),
        ("unknown", "no", Segment.NO_OPINION),
    ],
)
def test_perception_sets_the_matching_segment(client, personas, credible, interesting, segment):
    organization = personas.org_a
    response = staff_client(client, personas.staff).post(
        f"{page_url(organization)}perception/",
        {"credible": credible, "interesting": interesting, "note": "Vu au salon"},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.segment == segment
    assessment = organization.perceptions.get()
    assert (assessment.segment, assessment.note, assessment.assessed_by) == (
        segment,
        "Vu au salon",
        personas.staff,
    )


def test_perception_history_is_kept(client, personas):
    organization = personas.org_a
    client = staff_client(client, personas.staff)
    client.post(f"{page_url(organization)}perception/", {"credible": "no", "interesting": "no"})
    client.post(f"{page_url(organization)}perception/", {"credible": "yes", "interesting": "yes"})

    organization.refresh_from_db()
    assert organization.segment == Segment.ACQUIRED
    assert list(organization.perceptions.values_list("segment", flat=True)) == [
        Segment.ACQUIRED,
        Segment.OPPONENT,
    ]
    assert client.get(page_url(organization)).content.decode().count("perception-row") == 2


def test_perception_without_an_answer_is_refused_and_changes_nothing(client, personas):
    organization = personas.org_a
    response = staff_client(client).post(
        f"{page_url(organization)}perception/", {"credible": "yes", "interesting": "maybe"}
    )
    assert response.status_code == 200
    assert 'aria-describedby="id_interesting_errors"' in response.content.decode()
    assert not organization.perceptions.exists()


def test_perception_set_service_updates_segment_atomically(personas):
    assessment = organization_services.perception_set(
        organization=personas.org_a,
        credible=True,
        interesting=False,
        note="",
        assessed_by=personas.staff,
    )
    assert assessment.segment == Segment.INDIFFERENT
    assert Organization.objects.get(pk=personas.org_a.pk).segment == Segment.INDIFFERENT


# Animator in charge


def test_staff_sets_the_animator_from_the_organization_page(client, personas):
    anna = UserFactory(is_staff=True)
    client = staff_client(client, personas.staff)
    client.post(f"{page_url(personas.org_a)}animator/", {"animator": anna.pk})
    personas.org_a.refresh_from_db()
    assert personas.org_a.animator == anna
    client.post(f"{page_url(personas.org_a)}animator/", {"animator": ""})
    personas.org_a.refresh_from_db()
    assert personas.org_a.animator is None


# Interactions and follow-ups


def test_staff_records_an_interaction_with_contacts(client, personas):
    contact = personas.member_admin.contact
    today = timezone.localdate()
    response = staff_client(client, personas.staff).post(
        f"{page_url(personas.org_a)}interactions/",
        {
            "kind": "meeting",
            "happened_on": today.isoformat(),
            "contacts": [contact.pk],
            "summary": "Rendez-vous sur le projet",
            "follow_up_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    interaction = personas.org_a.interactions.get()
    assert interaction.author == personas.staff
    assert list(interaction.contacts.all()) == [contact]
    assert interaction.follow_up_on == today + timedelta(days=7)


def test_interaction_with_a_contact_of_another_organization_is_refused(client, personas):
    outsider = personas.other_member.contact
    response = staff_client(client).post(
        f"{page_url(personas.org_a)}interactions/",
        {"kind": "call", "happened_on": "2026-01-10", "contacts": [outsider.pk], "summary": "x"},
    )
    assert response.status_code == 200
    assert "id_contacts_errors" in response.content.decode()
    assert not Interaction.objects.exists()


def test_interaction_with_a_follow_up_before_its_date_is_refused(client, personas):
    response = staff_client(client).post(
        f"{page_url(personas.org_a)}interactions/",
        {
            "kind": "call",
            "happened_on": "2026-01-10",
            "summary": "x",
            "follow_up_on": "2026-01-01",
        },
    )
    assert "id_follow_up_on_errors" in response.content.decode()
    assert not Interaction.objects.exists()


def test_refused_interaction_brings_the_animator_to_a_summary_linking_each_field(client, personas):
    response = staff_client(client).post(
        f"{page_url(personas.org_a)}interactions/", {"kind": "call", "summary": ""}
    )
    html = response.content.decode()
    summary = re.search(r'<div class="alert alert--error[^"]*"[^>]*>.*?</div>', html, re.S)
    assert summary, "no error summary"
    # autofocus scrolls the summary into view and has it read, wherever the form sits.
    assert "autofocus" in summary.group(0)
    assert 'href="#id_happened_on"' in summary.group(0)
    assert 'href="#id_summary"' in summary.group(0)
    assert 'id="id_happened_on"' in html


def test_due_follow_up_shows_on_the_dashboard_until_done(client, personas):
    client = staff_client(client, personas.staff)
    today = timezone.localdate()
    due = organization_services.interaction_create(
        organization=personas.org_a,
        kind=Interaction.Kind.CALL,
        happened_on=today - timedelta(days=7),
        summary="Relancer pour la cotisation",
        author=personas.staff,
        follow_up_on=today,
    )
    organization_services.interaction_create(
        organization=personas.org_b,
        kind=Interaction.Kind.CALL,
        happened_on=today,
        summary="Pas encore le moment",
        author=personas.staff,
        follow_up_on=today + timedelta(days=1),
    )
    html = client.get(DASHBOARD).content.decode()
    assert "Relancer pour la cotisation" in html
    assert "Pas encore le moment" not in html

    response = client.post(f"/fr/staff/interactions/{due.pk}/done/", {"next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    due.refresh_from_db()
    assert due.follow_up_done
    assert "Relancer pour la cotisation" not in client.get(DASHBOARD).content.decode()


def test_dashboard_lists_follow_ups_by_date_overdue_first_and_at_most_ten(client, personas):
    me, colleague = personas.staff, UserFactory(is_staff=True)
    personas.org_b.animator = me
    personas.org_b.save()
    today = timezone.localdate()
    for number in range(11):
        organization_services.interaction_create(
            organization=personas.org_a,
            kind=Interaction.Kind.NOTE,
            happened_on=today - timedelta(days=30),
            summary=f"Suivi collègue {number}",
            author=colleague,
            follow_up_on=today - timedelta(days=20 - number),
        )
    organization_services.interaction_create(
        organization=personas.org_a,
        kind=Interaction.Kind.NOTE,
        happened_on=today,
        summary="Mon suivi",
        author=me,
        follow_up_on=today,
    )
    organization_services.interaction_create(
        organization=personas.org_b,
        kind=Interaction.Kind.NOTE,
        happened_on=today,
        summary="Suivi de mon entreprise",
        author=colleague,
        follow_up_on=today,
    )

    shown, total = organization_selectors.follow_ups_due(user=me)
    assert total == 13
    assert len(shown) == 10
    # By date, the oldest (most overdue) first, whoever wrote them.
    assert [f.summary for f in shown] == [f"Suivi collègue {n}" for n in range(10)]
    assert [f.follow_up_on for f in shown] == sorted(f.follow_up_on for f in shown)
    assert not any(f.is_mine for f in shown)
    html = staff_client(client, me).get(DASHBOARD).content.decode()
    assert html.count('class="follow-up follow-up--overdue"') == 10
    assert html.count("En retard") == 10
    assert "(13)" in html
    assert 'href="/fr/staff/follow-ups/"' in html

    # The full list has all 13, by date; "only mine" keeps the two of mine, due today.
    full = staff_client(client, me).get("/fr/staff/follow-ups/").content.decode()
    assert full.count('class="follow-up') == 13
    assert (
        full.index("Suivi collègue 0") < full.index("Suivi collègue 10") < full.index("Mon suivi")
    )
    mine = staff_client(client, me).get("/fr/staff/follow-ups/?mine=1").content.decode()
    assert mine.count('class="follow-up"') == 2
    assert "Aujourd'hui" in mine


def test_follow_up_done_is_forbidden_to_members(client_for, personas):
    interaction = Interaction.objects.create(
        organization=personas.org_a, kind="call", summary="x", follow_up_on=date(2020, 1, 1)
    )
    assert (
        client_for("member_admin")
        .post(f"/fr/staff/interactions/{interaction.pk}/done/")
        .status_code
        == 403
    )
    interaction.refresh_from_db()
    assert not interaction.follow_up_done


def test_dashboard_counts_organizations_per_segment_with_links(client, register):
    html = staff_client(client).get("/en/staff/").content.decode()
    assert re.search(
        r'href="/en/staff/organizations/\?segment=opponent">Opponent</a></dt><dd>1<', html
    )
    assert re.search(
        r'href="/en/staff/organizations/\?segment=no_opinion">No opinion</a></dt><dd>2<', html
    )
    assert organization_selectors.segment_counts()[0] == ("acquired", "Acquired", 1)


# Contacts list


@pytest.fixture
def people(db):
    member = OrganizationFactory(name="Membre SA", lifecycle=Organization.Lifecycle.MEMBER)
    prospect = OrganizationFactory(name="Prospect SAS", lifecycle=Organization.Lifecycle.PROSPECT)
    marie = ContactFactory(first_name="Marie", last_name="Durand", email="marie@membre.test")
    paul = ContactFactory(first_name="Paul", last_name="Martin", email="paul@prospect.test")
    lea = ContactFactory(first_name="Léa", last_name="Petit", email="=cmd@evil.test")
    AffiliationFactory(contact=marie, organization=member, position=Affiliation.Position.EXECUTIVE)
    AffiliationFactory(contact=paul, organization=prospect, position=Affiliation.Position.EXECUTIVE)
    AffiliationFactory(contact=lea, organization=member, position=Affiliation.Position.EMPLOYEE)
    AffiliationFactory(contact=lea, organization=prospect, position=Affiliation.Position.EXECUTIVE)
    return {"marie": marie, "paul": paul, "lea": lea}


def contact_names(response) -> list[str]:
    return re.findall(r'<tr class="contact-row">\s*<td>([^<]+)</td>', response.content.decode())


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["Durand Marie", "Martin Paul", "Petit Léa"]),
        ({"q": "marie"}, ["Durand Marie"]),
        ({"q": "Paul Martin"}, ["Martin Paul"]),
        ({"q": "prospect.test"}, ["Martin Paul"]),
        ({"lifecycle": "prospect"}, ["Martin Paul", "Petit Léa"]),
        ({"position": "employee"}, ["Petit Léa"]),
        # Léa is an employee of the member and an executive of the prospect: no match.
        ({"lifecycle": "prospect", "position": "employee"}, []),
        ({"lifecycle": "member", "position": "executive"}, ["Durand Marie"]),
    ],
)
def test_contacts_list_search_and_filters(client, people, params, expected):
    assert contact_names(staff_client(client).get(CONTACTS, params)) == expected


def test_contacts_list_shows_each_contacts_organizations(client, people):
    html = staff_client(client).get(CONTACTS, {"q": "léa"}).content.decode()
    assert "Membre SA" in html and "Prospect SAS" in html


@pytest.mark.parametrize("size", [5, 40])
def test_contacts_list_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    organizations = OrganizationFactory.create_batch(2)
    for _ in range(size):
        contact = ContactFactory()
        for organization in organizations:
            AffiliationFactory(contact=contact, organization=organization)
    client = staff_client(client)
    # session, user, the paginator's COUNT, the page of contacts, their affiliations with
    # organizations, the header's "is a member" check.
    with django_assert_num_queries(6):
        response = client.get(CONTACTS)
    assert len(contact_names(response)) == size


def test_contacts_export_csv_and_xlsx(client, people, django_assert_num_queries):
    client = staff_client(client)
    rows = csv_rows(client.get(CONTACTS, {"export": "csv", "lifecycle": "member"}))
    assert [row[1] for row in rows[1:]] == ["Durand", "Petit"]
    assert rows[2][2] == "'=cmd@evil.test"
    assert "Membre SA" in rows[2][5] and "Prospect SAS" in rows[2][5]

    # session, user, contacts, their affiliations with organizations.
    with django_assert_num_queries(4):
        response = client.get(CONTACTS, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert sheet["C4"].value == "'=cmd@evil.test"


@pytest.mark.parametrize("persona", NON_STAFF)
def test_contacts_list_and_export_are_staff_only(client_for, personas, persona):
    client = client_for(persona)
    assert client.get(CONTACTS).status_code == 403
    assert client.get(CONTACTS, {"export": "csv"}).status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_dashboard_query_count_does_not_grow_with_follow_ups(
    client, personas, django_assert_num_queries, size
):
    for number in range(size):
        Interaction.objects.create(
            organization=personas.org_a,
            kind=Interaction.Kind.CALL,
            summary=f"Suivi {number}",
            author=personas.staff,
            follow_up_on=date(2020, 1, 1),
        )
    client = staff_client(client, personas.staff)
    # session, user; the animator's preferences; organizations per lifecycle, contacts and
    # those with a login (one query), upcoming events; organizations per segment; pending
    # and new applications (one query), offers to moderate, company news to moderate,
    # reported messages to review, new guest registrations;
    # follow-ups shown (organization and author joined), follow-ups due in all; the
    # header's "is a member"; the reports of this quarter and the last. The quarter's
    # figures so far (the reports' selectors: membership 7, events 4, communication 7,
    # satisfaction 3, collaboration 4) are computed on the first visit, then read from the
    # cache for a few minutes.
    with django_assert_num_queries(16 + 25):
        client.get(DASHBOARD)
    with django_assert_num_queries(16):
        response = client.get(DASHBOARD)
    assert response.content.decode().count('class="follow-up follow-up--overdue"') == min(size, 10)


def test_list_is_paginated_in_name_order(client, db):
    # Created in reverse name order, so insertion order cannot pass for name order.
    names = [f"Organisation {number:02d}" for number in range(60)]
    for name in reversed(names):
        OrganizationFactory(name=name)
    client = staff_client(client)
    shown = listed(client.get(LIST)) + listed(client.get(LIST, {"page": 2}))
    assert shown == names
