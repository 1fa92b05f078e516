"""The member-space and back-office pages of needs, offers and introductions."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Introduction, Post
from collaboration.tests.introductions_factories import (
    competence,
    contact_of,
    member_org,
    post_of,
    sector,
)
from members.models import Interaction


def _listed(organization):
    organization.directory_consent_at = timezone.now()
    organization.save(update_fields=["directory_consent_at"])
    return organization


def _url(name, **kwargs):
    return reverse(f"collaboration:{name}", kwargs=kwargs or None)


def test_member_posts_need_gets_partners_asks_and_both_see_details_once_accepted(
    personas, client_for, client, django_capture_on_commit_callbacks
):
    """The whole path: post a need, see suggested partners and why, ask; the other side
    accepts; both see each other's details and both CRM histories record it."""
    cyber, industry = competence("Cybersécurité"), sector("Industrie")
    org_a, org_b = personas.org_a, personas.org_b
    org_b.competences.set([cyber])
    org_b.sectors.set([industry])
    org_b.directory_consent_at = timezone.now()
    org_b.region = org_a.region = "76"
    org_b.save()
    org_a.save()
    asker = personas.member_admin.contact
    answerer = personas.other_member.contact
    asker.job_title, asker.phone = "Gérante", "06 11 22 33 44"
    asker.save()
    answerer.job_title, answerer.phone = "CTO", "05 61 99 88 77"
    answerer.save()

    member = client_for("member_admin")
    response = member.post(
        _url("space_post_create"),
        {
            "kind": "need",
            "category": "partner",
            "title": "Recherche partenaire cybersécurité",
            "description": "Pour un client industriel.",
            "competences": [cyber.pk],
            "sectors": [industry.pk],
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    post = Post.objects.get()
    assert post.organization == org_a and post.author == asker
    assert response["Location"] == _url("space_post_suggestions", pk=post.pk)

    page = member.get(response["Location"]).content.decode()
    assert "Beta Logiciels" in page
    assert "En commun : Cybersécurité, Industrie" in page
    assert "Même région" in page
    assert answerer.email not in page  # no contact details among suggestions

    ask_url = _url("space_introduction_request", slug=org_b.slug) + f"?post={post.pk}"
    assert ask_url.replace("&", "&amp;") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(ask_url, {"message": "Bonjour, échangeons !", "post": post.pk})
    introduction = Introduction.objects.get()
    # The asked side is told by email, without the asker's details yet.
    (request_email,) = mail.outbox
    assert request_email.to == [answerer.email]
    assert "Bonjour, échangeons !" in request_email.body
    assert asker.email not in request_email.body and asker.phone not in request_email.body
    mail.outbox.clear()
    assert response["Location"] == _url("space_introduction", pk=introduction.pk)
    assert introduction.post == post and introduction.requested_by == asker
    # The suggestion now says a request is waiting instead of offering to ask again.
    page = member.get(_url("space_post_suggestions", pk=post.pk)).content.decode()
    assert "Une demande attend une réponse" in page and ask_url.replace("&", "&amp;") not in page
    # Before any answer, neither side sees the other's details.
    assert answerer.email not in member.get(response["Location"]).content.decode()

    other = client_for("other_member")
    received = other.get(_url("space_introductions")).content.decode()
    assert "Alpha Numérique" in received
    detail = other.get(_url("space_introduction", pk=introduction.pk)).content.decode()
    assert "Bonjour, échangeons !" in detail
    assert asker.email not in detail
    with django_capture_on_commit_callbacks(execute=True):
        other.post(_url("space_introduction_accept", pk=introduction.pk))
    introduction.refresh_from_db()
    assert introduction.status == "accepted" and introduction.decided_by == answerer

    seen_by_b = other.get(_url("space_introduction", pk=introduction.pk)).content.decode()
    assert asker.email in seen_by_b and "06 11 22 33 44" in seen_by_b and "Gérante" in seen_by_b
    member = client_for("member_admin")
    seen_by_a = member.get(_url("space_introduction", pk=introduction.pk)).content.decode()
    assert answerer.email in seen_by_a and "05 61 99 88 77" in seen_by_a and "CTO" in seen_by_a

    assert sorted(message.to[0] for message in mail.outbox) == sorted([asker.email, answerer.email])
    logs = Interaction.objects.filter(kind=Interaction.Kind.INTRODUCTION)
    assert "Beta Logiciels" in logs.get(organization=org_a).summary
    assert "Alpha Numérique" in logs.get(organization=org_b).summary


def test_post_with_expiry_in_the_past_is_refused_next_to_the_field(personas, client_for):
    client = client_for("member_contact")
    response = client.post(
        _url("space_post_create"),
        {
            "kind": "offer",
            "category": "premises",
            "title": "Locaux partagés",
            "description": "Trois postes.",
            "competences": [competence("Cloud").pk],
            "expires_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Choisissez aujourd&#x27;hui ou un jour à venir." in response.content.decode()
    assert not Post.objects.exists()


def test_post_without_competence_nor_sector_is_refused(personas, client_for):
    response = client_for("member_contact").post(
        _url("space_post_create"),
        {
            "kind": "offer",
            "category": "premises",
            "title": "Locaux partagés",
            "description": "Trois postes.",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "au moins une compétence ou un secteur" in response.content.decode()
    assert not Post.objects.exists()


def test_member_edits_and_closes_own_post_only(personas, client_for):
    post = post_of(personas.org_a, competences=[competence("Cloud")])
    client = client_for("member_contact")
    response = client.post(
        _url("space_post_edit", pk=post.pk),
        {
            "kind": "offer",
            "category": "equipment",
            "title": "Nouveau titre",
            "description": "Texte",
            "sectors": [sector("Santé").pk],
            "expires_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Nouveau titre" and [s.name for s in post.sectors.all()] == ["Santé"]
    assert post.competences.count() == 0

    assert client_for("other_member").post(_url("space_post_close", pk=post.pk)).status_code == 404
    client_for("member_contact").post(_url("space_post_close", pk=post.pk))
    post.refresh_from_db()
    assert post.is_closed
    # Closed: other members no longer find it, not even by its address.
    assert client_for("other_member").get(_url("space_post", pk=post.pk)).status_code == 404


def test_request_over_the_quota_shows_why_and_saves_nothing(personas, client_for, settings):
    settings.COLLABORATION_PENDING_INTRODUCTIONS_MAX = 1
    _listed(personas.org_b)
    Introduction.objects.create(requester=personas.org_a, target=member_org("Gamma"))
    response = client_for("member_admin").post(
        _url("space_introduction_request", slug=personas.org_b.slug), {"message": "Bonjour"}
    )
    assert response.status_code == 200
    assert "1 demande en attente" in response.content.decode()
    assert Introduction.objects.count() == 1


def test_space_list_search_ignores_accents_and_case_and_filters_by_kind(personas, client_for):
    post_of(personas.org_b, title="Sécurité des réseaux", kind="need", competences=[])
    post_of(personas.org_b, title="Banc d'essai", kind="offer")
    post_of(personas.org_a, title="Sécurité interne")  # one's own: not among the others'
    client = client_for("member_contact")
    page = client.get(_url("space_posts"), {"q": "SECURITE"}).content.decode()
    results = page.split('id="results"')[1]
    assert "Sécurité des réseaux" in results and "Banc d&#x27;essai" not in results
    assert "Sécurité interne" not in results
    page = client.get(_url("space_posts"), {"kind": "offer"}).content.decode()
    assert "Banc d&#x27;essai" in page and "Sécurité des réseaux" not in page


def test_expired_posts_are_not_listed_to_other_members(personas, client_for):
    post_of(personas.org_b, title="Périmée", days=-1)
    post_of(personas.org_b, title="Actuelle")
    page = client_for("member_contact").get(_url("space_posts")).content.decode()
    assert "Actuelle" in page and "Périmée" not in page


def test_staff_makes_an_introduction_from_the_back_office(
    personas, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(
            _url("staff_introduction_create"),
            {"requester": "alpha numerique", "target": "Beta", "message": "Parlez-vous"},
        )
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert introduction.status == "accepted" and introduction.made_by == personas.staff
    assert Interaction.objects.filter(kind="intro").count() == 2
    assert len(mail.outbox) == 2


def test_staff_introduction_of_an_organization_to_itself_is_refused(personas, client_for):
    response = client_for("staff").post(
        _url("staff_introduction_create"),
        {"requester": "Alpha Numérique", "target": "ALPHA NUMERIQUE"},
    )
    assert response.status_code == 200
    assert "Choisissez une organisation différente" in response.content.decode()
    assert not Introduction.objects.exists()


def test_staff_lists_export_csv_and_xlsx(personas, client_for):
    post_of(personas.org_a, title="Achat groupé de licences")
    Introduction.objects.create(requester=personas.org_a, target=personas.org_b)
    client = client_for("staff")
    posts_csv = client.get(_url("staff_posts"), {"export": "csv"})
    assert posts_csv["Content-Type"].startswith("text/csv")
    assert "Achat groupé de licences" in posts_csv.content.decode("utf-8-sig")
    introductions_csv = client.get(_url("staff_introductions"), {"export": "csv"})
    text = introductions_csv.content.decode("utf-8-sig")
    assert "Alpha Numérique" in text and "Beta Logiciels" in text
    xlsx = client.get(_url("staff_introductions"), {"export": "xlsx", "status": "pending"})
    assert xlsx.content[:2] == b"PK"


def test_staff_introductions_filter_by_status_and_organization(personas, client_for):
    Introduction.objects.create(requester=personas.org_a, target=personas.org_b)
    gamma = member_org("Gamma Énergie")
    Introduction.objects.create(requester=gamma, target=personas.org_b, status="declined")
    client = client_for("staff")
    page = client.get(_url("staff_introductions"), {"q": "energie"}).content.decode()
    assert "Gamma Énergie" in page and "Alpha Numérique" not in page
    page = client.get(_url("staff_introductions"), {"status": "pending"}).content.decode()
    assert "Alpha Numérique" in page and "Gamma Énergie" not in page


def _posts(organizations, size, terms):
    for index in range(size):
        post_of(
            organizations[index % len(organizations)],
            title=f"Annonce {index}",
            competences=terms[: 1 + index % 2],
            sectors=[sector("Industrie")],
        )


@pytest.mark.parametrize("size", [3, 30])
def test_space_list_query_count_does_not_grow_with_posts(
    personas, client_for, django_assert_num_queries, size
):
    terms = [competence("Cybersécurité"), competence("Cloud")]
    _posts([personas.org_b, member_org("Gamma")], size, terms)
    _posts([personas.org_a], 3, terms)
    client = client_for("member_contact")
    # session, user, "is member" (decorator), the user's organizations, competences and
    # sectors of the filters, count, page, its competences, its sectors; the own posts with
    # their competences and sectors; the layout's "is member" check.
    with django_assert_num_queries(14):
        assert client.get(_url("space_posts")).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_staff_lists_query_count_does_not_grow_with_rows(
    personas, client_for, django_assert_num_queries, size
):
    terms = [competence("Cybersécurité"), competence("Cloud")]
    organizations = [member_org(f"Org {index}") for index in range(4)]
    _posts(organizations, size, terms)
    for index in range(size):
        Introduction.objects.create(
            requester=organizations[index % 4],
            target=member_org(f"Cible {index}"),
            post=Post.objects.first(),
            status="declined",
        )
    client = client_for("staff")
    # session, user, count, the layout's "is member" check, page, its competences, sectors.
    with django_assert_num_queries(7):
        assert client.get(_url("staff_posts")).status_code == 200
    # session, user, count, the layout's check, the page with both organizations, the post,
    # both contacts and the animator joined.
    with django_assert_num_queries(5):
        assert client.get(_url("staff_introductions")).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_suggestion_page_query_count_does_not_grow_with_candidates(
    personas, client_for, django_assert_num_queries, size
):
    cyber = competence("Cybersécurité")
    post = post_of(personas.org_a, competences=[cyber], sectors=[sector("Industrie")])
    for index in range(size):
        member_org(f"Partenaire {index}", competences=[cyber, competence("Cloud")])
    client = client_for("member_contact")
    # session, user, "is member", post with organization, its competences, its sectors, the
    # user's organizations; the ranking (one statement), the organizations, their
    # competences, the introductions already open with them; the layout's "is member" check.
    # The organization's requests waiting (the quota).
    with django_assert_num_queries(13):
        response = client.get(_url("space_post_suggestions", pk=post.pk))
    assert response.status_code == 200
    assert response.content.decode().count("Demander une mise en relation") == min(size, 20)


@pytest.mark.parametrize("size", [3, 30])
def test_introductions_page_query_count_does_not_grow(
    personas, client_for, django_assert_num_queries, size
):
    for index in range(size):
        Introduction.objects.create(
            requester=personas.org_a if index % 2 else member_org(f"O{index}"),
            target=member_org(f"T{index}") if index % 2 else personas.org_a,
        )
    contact_of(personas.org_a)
    client = client_for("member_contact")
    # session, user, "is member", the user's organizations; for each of the two lists its
    # count and its page of introductions with their rows; the layout's "is member" check.
    with django_assert_num_queries(9):
        response = client.get(_url("space_introductions"))
    assert response.status_code == 200
    page = response.content.decode()
    # Each list shows one page at most, with the links to the others.
    assert page.count('class="card"') == min(size - size // 2, 20) + min(size // 2, 20)
    assert ("received_page=2" in page) == (size - size // 2 > 20)


def test_introductions_pages_page_each_list_on_its_own(personas, client_for):
    for index in range(25):
        Introduction.objects.create(
            requester=member_org(f"Demandeur {index:02}"), target=personas.org_a
        )
    Introduction.objects.create(requester=personas.org_a, target=member_org("Cible unique"))
    page = client_for("member_contact").get(_url("space_introductions"), {"received_page": 2})
    html = page.content.decode()
    # The oldest five received on page 2; the single sent one still shown.
    assert "Demandeur 00" in html and "Demandeur 24" not in html
    assert "Cible unique" in html


def test_staff_introduction_form_names_organizations_and_says_which_match(personas, client_for):
    member_org("Beta Conseil")
    client = client_for("staff")
    page = client.get(
        _url("staff_introduction_create"),
        {"requester": personas.org_a.pk, "target": personas.org_b.pk},
    ).content.decode()
    assert 'value="Alpha Numérique"' in page and 'value="Beta Logiciels"' in page

    response = client.post(
        _url("staff_introduction_create"), {"requester": "Alpha", "target": "beta"}
    )
    page = response.content.decode()
    assert "Beta Conseil, Beta Logiciels" in page
    response = client.post(
        _url("staff_introduction_create"), {"requester": "Alpha", "target": "Gamma"}
    )
    assert "Aucune organisation membre ne porte ce nom." in response.content.decode()
    assert not Introduction.objects.exists()


@pytest.mark.parametrize(
    ("persona", "name"),
    [("member_contact", "space_posts"), ("staff", "staff_posts"), ("staff", "staff_introductions")],
)
def test_lists_answer_htmx_with_their_results_only(personas, client_for, persona, name):
    post_of(personas.org_b, title="Banc d'essai 5G")
    Introduction.objects.create(requester=personas.org_b, target=personas.org_a)
    response = client_for(persona).get(_url(name), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<h1" not in html


def test_an_organization_hidden_from_the_directory_cannot_be_asked_by_its_address(
    personas, client_for
):
    """Its slug guessed, an unlisted member is a 404 to members: neither its existence nor
    its people are reachable through a request."""
    hidden = member_org("Discrète SA", listed=False)
    contact_of(hidden, email="qui@discrete.test")
    client = client_for("member_admin")
    url = _url("space_introduction_request", slug=hidden.slug)
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Bonjour"}).status_code == 404
    assert not Introduction.objects.exists()
    assert mail.outbox == []
    # Listed, it can be asked.
    _listed(hidden)
    assert client.get(url).status_code == 200


def test_a_request_cites_only_a_post_of_either_side(personas, client_for):
    target = _listed(personas.org_b)
    third = post_of(member_org("Tierce"), title="Le besoin d'un tiers")
    theirs = post_of(target, title="Leur besoin")
    client = client_for("member_admin")
    url = _url("space_introduction_request", slug=target.slug)
    assert "Le besoin d'un tiers" not in client.get(url, {"post": third.pk}).content.decode()
    assert "Leur besoin" in client.get(url, {"post": theirs.pk}).content.decode()
    client.post(url + f"?post={third.pk}", {"message": "Bonjour"})
    assert Introduction.objects.get().post is None


def test_staff_pick_the_person_put_forward_among_the_organizations_people(
    personas, client_for, django_capture_on_commit_callbacks
):
    chosen = contact_of(personas.org_b, first_name="Chloé", last_name="Vidal", email="c@beta.test")
    outsider = contact_of(member_org("Gamma"), first_name="Gaspard", email="g@gamma.test")
    client = client_for("staff")
    url = _url("staff_introduction_create")
    page = client.get(url, {"requester": personas.org_a.pk, "target": personas.org_b.pk})
    html = page.content.decode()
    assert "Personne présentée par la seconde organisation" in html
    assert f'value="{chosen.pk}"' in html and "Chloé Vidal" in html
    assert "Gaspard" not in html

    data = {"requester": "Alpha Numérique", "target": "Beta Logiciels", "message": ""}
    refused = client.post(url, {**data, "target_contact": outsider.pk})
    assert refused.status_code == 200 and not Introduction.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "target_contact": chosen.pk})
    assert response.status_code == 302
    assert Introduction.objects.get().decided_by == chosen
    assert "c@beta.test" in {message.to[0] for message in mail.outbox}


def test_introduction_page_reads_in_french(personas, client_for):
    introduction = Introduction.objects.create(
        requester=personas.org_a,
        target=personas.org_b,
        status="declined",
        decided_at=timezone.now(),
    )
    html = client_for("member_admin").get(_url("space_introduction", pk=introduction.pk))
    html = html.content.decode()
    assert "<title>Mise en relation — Beta Logiciels" in html
    assert "réponse le" in html and "répondue" not in html
    staff = client_for("staff").get(_url("staff_introductions")).content.decode()
    assert "Demandée par" in staff and "Demandée le" in staff and "Demandé le" not in staff


def test_over_the_quota_the_suggestions_say_so_instead_of_offering_requests(
    personas, client_for, settings
):
    settings.COLLABORATION_PENDING_INTRODUCTIONS_MAX = 1
    cyber = competence("Cybersécurité")
    post = post_of(personas.org_a, competences=[cyber])
    partner = member_org("Gamma Cyber", competences=[cyber])
    client = client_for("member_contact")
    url = _url("space_post_suggestions", pk=post.pk)
    assert "Demander une mise en relation" in client.get(url).content.decode()

    Introduction.objects.create(requester=personas.org_a, target=member_org("Delta"))
    page = client.get(url).content.decode()

    assert partner.name in page
    assert "Demander une mise en relation" not in page
    assert "1 demande en attente de réponse" in page
