"""The awards' pages: staff open an edition; members apply (and are refused past the
deadline or with a bad file, next to the field); a juror never opens an application they
are in conflict with; the winners show on the edition's page, on their stored directory
profile and in the press room; the lists' query counts do not grow with their rows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community.models import AwardApplication, AwardAttachment, Edition, Juror, JuryScore
from community.services import awards as services
from community.tests.awards_helpers import (
    application_make,
    category_of,
    criteria_ids,
    edition_make,
    juror_make,
)
from core.links import link_issue
from core.personal_data import Person, declarations
from core.tests.test_linked_data import linked_data_of
from events.tests.factories import EventFactory
from members.models import Affiliation
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


INITIAL = {"position": "1", "weight": "1", "max_score": "5"}


def _token(juror: Juror) -> str:
    return link_issue(
        target=juror, purpose=Juror.LINK_PURPOSE, expires_at=juror.edition.scoring_closes_at
    )


def test_staff_open_an_edition_with_categories_and_criteria(personas, client):
    ceremony = EventFactory(title_fr="Soirée des trophées 2027")
    client.force_login(personas.staff)
    now = timezone.now()
    data = {
        "title_fr": "Trophées de l'innovation 2027",
        "title_en": "Innovation awards 2027",
        "rules_fr": "**Ouvert** aux membres.",
        "applications_open_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "deadline": (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "scoring_closes_at": (now + datetime.timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
        "ceremony": ceremony.pk,
        "is_published": "on",
        "categories-TOTAL_FORMS": "3",
        "categories-INITIAL_FORMS": "0",
        "categories-0-position": "1",
        "categories-0-name_fr": "Startup",
        "categories-0-name_en": "Start-up",
        "categories-1-position": "2",
        "categories-1-name_fr": "Numérique responsable",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-position": "1",
        "criteria-0-label_fr": "Caractère innovant",
        "criteria-0-weight": "3",
        "criteria-0-max_score": "5",
        # Empty extra lines, as the browser posts them: their initial values only.
        "categories-2-position": "1",
        **{f"criteria-{n}-{name}": value for n in (1, 2) for name, value in INITIAL.items()},
    }
    response = client.post(reverse("community:staff_award_create"), data)
    assert response.status_code == 302, [
        response.context[name].errors for name in ("form", "categories", "criteria")
    ]
    edition = Edition.objects.get()
    assert edition.slug == "trophees-de-linnovation-2027"
    assert edition.ceremony == ceremony
    assert [c.name_fr for c in edition.categories.all()] == ["Startup", "Numérique responsable"]
    assert edition.criteria.get().weight == 3
    assert edition.is_open()

    # The deadline before the opening is refused next to the field, nothing saved.
    data["title_fr"] = "Autre"
    data["deadline"] = (now - datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("community:staff_award_create"), data)
    assert response.status_code == 400
    assert "id_deadline_errors" in response.content.decode()
    assert Edition.objects.count() == 1


def test_a_member_applies_with_an_attachment_from_the_space(personas, client):
    edition = edition_make()
    client.force_login(personas.member_contact)
    response = client.post(
        reverse("community:space_award_apply", args=[edition.slug]),
        {
            "organization": personas.org_a.pk,
            "category": category_of(edition).pk,
            "presentation": "Notre **innovation**.",
            "public_summary": "Un robot qui trie les déchets.",
            "attachments": [SimpleUploadedFile("dossier.pdf", PDF)],
        },
    )
    application = AwardApplication.objects.get()
    assert response.status_code == 302
    assert application.submitted_by == personas.member_contact.contact
    attachment = application.attachments.get()
    download = client.get(reverse("community:award_attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.force_login(personas.other_member)
    refused = client.get(reverse("community:award_attachment", args=[attachment.pk]))
    assert refused.status_code == 404


def test_a_refused_file_is_told_next_to_the_field_and_nothing_is_saved(personas, client):
    edition = edition_make()
    client.force_login(personas.member_admin)
    response = client.post(
        reverse("community:space_award_apply", args=[edition.slug]),
        {
            "organization": personas.org_a.pk,
            "category": category_of(edition).pk,
            "presentation": "Texte.",
            "public_summary": "Résumé.",
            "attachments": [SimpleUploadedFile("dossier.pdf", b"<html><p>hi</p></html>")],
        },
    )
    assert response.status_code == 400
    assert "id_attachments_errors" in response.content.decode()
    assert not AwardApplication.objects.exists()
    assert not AwardAttachment.objects.exists()


def test_a_late_application_is_refused_with_a_clear_message(personas, client):
    edition = edition_make()
    client.force_login(personas.member_admin)
    url = reverse("community:space_award_apply", args=[edition.slug])
    form_page = client.get(url)
    assert form_page.status_code == 200
    # The deadline passes while the form is being filled in.
    Edition.objects.filter(pk=edition.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post(
        url,
        {
            "organization": personas.org_a.pk,
            "category": category_of(edition).pk,
            "presentation": "Texte.",
            "public_summary": "Résumé.",
        },
        follow=True,
    )
    assert "La date limite des candidatures est passée" in response.content.decode()
    assert not AwardApplication.objects.exists()


def test_a_juror_gets_404_on_a_conflicting_application_and_cannot_score_it(personas, client):
    edition = edition_make()
    own = application_make(edition=edition, organization=personas.org_a)
    conflicting = application_make(edition=edition, organization=personas.org_b)
    other = application_make(edition=edition, organization=OrganizationFactory())
    attachment = AwardAttachment.objects.create(
        application=conflicting, file=SimpleUploadedFile("d.pdf", PDF), name="d.pdf"
    )
    juror = juror_make(
        edition=edition,
        contact=personas.member_contact.contact,
        conflicts=[personas.org_b],
    )
    token = _token(juror)
    scores = {f"criterion_{pk}": "3" for pk in criteria_ids(edition)}

    home = client.get(reverse("community:jury_home", args=[token])).content.decode()
    assert other.organization.name in home
    assert personas.org_b.name not in home.split("applications-title")[1]
    for refused in (own, conflicting):
        url = reverse("community:jury_application", args=[token, refused.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, scores).status_code == 404
    url = reverse("community:jury_attachment", args=[token, attachment.pk])
    assert client.get(url).status_code == 404
    assert not JuryScore.objects.exists()

    # From the member space, the same rule holds for the signed-in juror.
    client.force_login(personas.member_contact)
    url = reverse("community:jury_application", args=[str(juror.pk), conflicting.pk])
    assert client.post(url, scores).status_code == 404
    assert client.get(reverse("community:jury_home", args=[str(juror.pk)])).status_code == 200
    # Another person's seat is not theirs.
    client.force_login(personas.other_member)
    assert client.get(reverse("community:jury_home", args=[str(juror.pk)])).status_code == 404


def test_a_score_out_of_range_is_told_next_to_the_field(personas, client):
    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_a)
    juror = juror_make(edition=edition)
    first, second = criteria_ids(edition)
    url = reverse("community:jury_application", args=[_token(juror), application.pk])
    response = client.post(url, {f"criterion_{first}": "4", f"criterion_{second}": "12"})
    assert response.status_code == 400
    assert f"id_criterion_{second}_errors" in response.content.decode()
    assert not JuryScore.objects.exists()
    response = client.post(url, {f"criterion_{first}": "4", f"criterion_{second}": "10"})
    assert response.status_code == 302
    assert JuryScore.objects.count() == 2


def test_the_jury_declares_conflicts_before_seeing_anything(personas, client):
    edition = edition_make()
    application_make(edition=edition, organization=personas.org_b)
    juror = juror_make(edition=edition, declared=False)
    token = _token(juror)
    url = reverse("community:jury_home", args=[token])
    assert "applications-title" not in client.get(url).content.decode()
    response = client.post(url, {"organizations": [str(personas.org_b.pk)]})
    assert response.status_code == 400
    assert "id_no_other_conflict_errors" in response.content.decode()
    response = client.post(
        url, {"organizations": [str(personas.org_b.pk)], "no_other_conflict": "on"}
    )
    assert response.status_code == 302
    juror.refresh_from_db()
    assert juror.conflicts_declared_at is not None
    assert list(juror.conflicts.values_list("organization_id", flat=True)) == [personas.org_b.pk]


def test_the_jury_home_says_an_application_waits_for_a_new_declaration(personas, client):
    edition = edition_make()
    application_make(edition=edition, organization=personas.org_a)
    juror = juror_make(edition=edition)
    application_make(edition=edition, organization=personas.org_b)
    url = reverse("community:jury_home", args=[_token(juror)])
    page = client.get(url).content.decode()
    assert "1 candidature est arrivée après votre déclaration" in page
    assert personas.org_a.name in page
    client.post(url, {"no_other_conflict": "on"})
    page = client.get(url).content.decode()
    assert "arrivée après votre déclaration" not in page


def test_after_the_announcement_the_winner_is_public_and_badged_on_its_profile(
    personas, client, django_capture_on_commit_callbacks
):
    personas.org_a.directory_consent_at = timezone.now()
    personas.org_a.save()
    edition = edition_make(
        title_fr="Trophées de l'innovation 2026",
        categories=("Startup",),
        guidance_fr="Décrivez votre innovation en deux pages.",
    )
    winner = application_make(
        edition=edition, organization=personas.org_a, public_summary="Le jumeau numérique."
    )
    application_make(edition=edition, organization=personas.org_b, public_summary="Secret B.")
    profile_url = reverse("members:directory_profile", args=[personas.org_a.slug])
    edition_url = reverse("community:award_detail", args=[edition.slug])
    # Both pages are stored for visitors before the announcement.
    assert "Lauréat" not in client.get(profile_url).content.decode()
    assert "Le jumeau numérique." not in client.get(edition_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.category_decide(
            category=category_of(edition), deliberation="", results={winner.pk: "winner"}
        )
    # Decided but not announced: nothing shows yet.
    page = client.get(edition_url).content.decode()
    assert "Le jumeau numérique." not in page
    assert "Décrivez votre innovation" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_announce(edition=edition)

    page = client.get(edition_url).content.decode()
    # A decided contest no longer tells how to apply.
    assert "Décrivez votre innovation" not in page
    assert "Le jumeau numérique." in page
    assert "Secret B." not in page
    assert profile_url in page
    profile = client.get(profile_url).content.decode()
    assert "Lauréat des Trophées de l&#x27;innovation 2026 — catégorie Startup" in profile
    assert edition_url in profile
    # Search engines read the badge too, as the organization's schema.org award.
    (linked_data,) = linked_data_of(profile)
    assert linked_data["award"] == ["Lauréat des Trophées de l'innovation 2026 — catégorie Startup"]
    press = client.get(reverse("communications:press_room")).content.decode()
    assert edition_url in press


def test_staff_announce_after_a_confirmation_stating_the_count(personas, client):
    edition = edition_make()
    winner = application_make(edition=edition, organization=personas.org_a)
    application_make(edition=edition, organization=personas.org_b)
    client.force_login(personas.staff)
    ranking_url = reverse("community:staff_award_ranking", args=[edition.pk])
    category = category_of(edition)
    response = client.post(
        reverse("community:staff_award_decide", args=[category.pk]),
        {
            f"category-{category.pk}-deliberation": "Un choix net.",
            f"category-{category.pk}-result_{winner.pk}": "winner",
        },
    )
    assert response.status_code == 302
    page = client.get(ranking_url).content.decode()
    assert "2 candidats reçoivent leur résultat par e-mail" in page
    client.post(reverse("community:staff_award_announce", args=[edition.pk]))
    edition.refresh_from_db()
    assert edition.announced_at is not None
    category.refresh_from_db()
    assert category.deliberation == "Un choix net."


def _applications(edition, count):
    for _number in range(count):
        organization = OrganizationFactory()
        contact = ContactFactory()
        AffiliationFactory(
            contact=contact, organization=organization, access=Affiliation.Access.ADMIN
        )
        application = application_make(
            edition=edition,
            organization=organization,
            contact=contact,
            category=category_of(edition, 1 + _number % 2),
        )
        AwardAttachment.objects.create(
            application=application, file=SimpleUploadedFile("d.pdf", PDF), name="d.pdf"
        )


@pytest.mark.parametrize("count", [3, 30])
def test_staff_applications_list_query_count_does_not_grow(
    personas, client, django_assert_num_queries, count
):
    edition = edition_make()
    _applications(edition, count)
    client.force_login(personas.staff)
    client.get(reverse("community:staff_awards"))  # the session is read once
    url = reverse("community:staff_award_applications", args=[edition.pk])
    # Session, user; the edition; the count and the page of applications (with category,
    # organization, who sent it and the attachments counted); the filter's categories; the
    # layout's check for a member space link.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count("/staff/awards/applications/") == min(count, 25)
    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").count("\n") == count + 1


@pytest.mark.parametrize("count", [3, 30])
def test_ranking_query_count_does_not_grow(personas, client, django_assert_num_queries, count):
    edition = edition_make()
    _applications(edition, count)
    jurors = [juror_make(edition=edition, name=f"Juré {n}") for n in range(3)]
    for application in AwardApplication.objects.filter(edition=edition):
        for juror in jurors[:2]:
            services.jury_score(
                juror=juror,
                application=application,
                values=dict.fromkeys(criteria_ids(edition), 3),
            )
    client.force_login(personas.staff)
    client.get(reverse("community:staff_awards"))
    # Session, user; the edition; jurors, categories, applications, the per-juror sums;
    # the count of applicants the announcement would tell; the layout's member space check.
    with django_assert_num_queries(9):
        response = client.get(reverse("community:staff_award_ranking", args=[edition.pk]))
    assert response.content.decode().count("/staff/awards/applications/") == count


@pytest.mark.parametrize("count", [3, 30])
def test_public_edition_page_query_count_does_not_grow(
    personas, client, django_assert_num_queries, count
):
    edition = edition_make(categories=("Startup", "Industrie"))
    _applications(edition, count)
    AwardApplication.objects.filter(edition=edition).update(result="winner")
    Edition.objects.filter(pk=edition.pk).update(announced_at=timezone.now())
    # The edition (with its ceremony), its categories, its criteria, its winners.
    with django_assert_num_queries(4):
        response = client.get(reverse("community:award_detail", args=[edition.slug]))
    assert response.content.decode().count("/members/entreprise-") == count


def test_a_jurors_export_and_erasure_keep_the_figures(personas):
    edition = edition_make()
    application = application_make(
        edition=edition, organization=personas.org_b, contact=personas.other_member.contact
    )
    rival = application_make(edition=edition, organization=OrganizationFactory())
    contact = personas.member_contact.contact
    juror = juror_make(edition=edition, contact=contact, conflicts=[rival.organization])
    services.jury_score(
        juror=juror, application=application, values=dict.fromkeys(criteria_ids(edition), 4)
    )
    person = Person(
        contact=contact,
        user=personas.member_contact,
        addresses=frozenset({contact.email.lower()}),
        names=(contact.full_name,),
    )
    declaration = next(d for d in declarations() if d.model is Juror)

    exported = declaration.export(person)
    assert exported[0]["email"] == contact.email
    assert len(exported[0]["conflicts"]) == 1
    assert [score["score"] for score in exported[0]["scores"]] == [4, 4]

    declaration.erase(person)
    juror.refresh_from_db()
    assert juror.name == Juror.ERASED_NAME
    assert juror.email == ""
    assert juror.contact is None
    assert JuryScore.objects.filter(juror=juror).count() == 2
    assert declaration.export(person) == []

    applicant = personas.other_member.contact
    applications = next(d for d in declarations() if d.model is AwardApplication)
    other = Person(
        contact=applicant,
        user=personas.other_member,
        addresses=frozenset({applicant.email}),
        names=(applicant.full_name,),
    )
    assert applications.export(other)[0]["organization"] == personas.org_b.name
    applications.erase(other)
    application.refresh_from_db()
    assert application.submitted_by is None


def test_staff_resend_an_invitation_and_remove_a_juror_who_has_not_scored(
    personas, client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        idle = juror_make(edition=edition, name="Juré Sans Note")
        busy = juror_make(edition=edition, name="Juré Actif")
    services.jury_score(
        juror=busy, application=application, values=dict.fromkeys(criteria_ids(edition), 3)
    )
    client.force_login(personas.staff)
    page = client.get(reverse("community:staff_award_jury", args=[edition.pk])).content.decode()
    remove = reverse("community:staff_award_juror_remove", args=[idle.pk])
    assert remove in page
    assert reverse("community:staff_award_juror_remove", args=[busy.pk]) not in page

    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:staff_award_juror_resend", args=[busy.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == sent + 1

    assert client.post(remove).status_code == 302
    assert not Juror.objects.filter(pk=idle.pk).exists()
    client.post(reverse("community:staff_award_juror_remove", args=[busy.pk]))
    assert Juror.objects.filter(pk=busy.pk).exists()


@pytest.mark.django_db
def test_an_editions_page_names_its_ceremony_in_the_readers_language(client):
    ceremony = EventFactory(
        title_fr="Remise des trophées", title_en="Awards ceremony", is_published=True
    )
    edition = edition_make(ceremony=ceremony)
    english = client.get(f"/en/awards/{edition.slug}/").content.decode()
    assert "Awards ceremony" in english and "Remise des trophées" not in english
    assert "Remise des trophées" in client.get(f"/fr/awards/{edition.slug}/").content.decode()
