"""Where testimonials and success stories show (home page, join page, press room, stories,
directory profiles), how they come down at once from the stored public pages, the member's
own page, and the back-office with its bad input and its fixed query counts."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community.models import SuccessStory, Testimonial, TestimonialConsent
from community.services import testimonials as services
from community.tests.testimonials_factories import make_story, make_testimonial
from core.links import link_issue

pytestmark = pytest.mark.django_db

QUOTE = "Grâce au cluster, nous avons signé notre premier grand compte."
HOME = "/fr/"


def _png(size=(80, 80)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def _field_errors(html: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


def _listed(organization):
    organization.directory_consent_at = timezone.now()
    organization.save(update_fields=["directory_consent_at"])
    return organization


@pytest.fixture
def staff(client_for):
    return client_for("staff")


@pytest.fixture
def published(personas, django_capture_on_commit_callbacks):
    testimonial = make_testimonial(
        organization=personas.org_a, quote_fr=QUOTE, email="camille@alpha.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.testimonial_publish(testimonial=testimonial)
    return testimonial


def _withdraw_token() -> str:
    return re.search(r"/testimonials/withdraw/([\w-]+)/", mail.outbox[-1].body).group(1)


# Where they show, and how they come down.


def test_a_published_testimonial_shows_on_the_home_join_and_press_pages(client, published):
    for path in (HOME, "/fr/join/", "/fr/press/"):
        html = client.get(path).content.decode()
        assert QUOTE in html, path
        assert "Alpha Numérique" in html, path
    assert "Ce qu'en disent nos adhérents" in client.get("/fr/join/").content.decode()


def test_a_testimonial_without_consent_shows_nowhere(client, personas):
    testimonial = make_testimonial(organization=personas.org_a, quote_fr=QUOTE, consent=False)
    Testimonial.objects.filter(pk=testimonial.pk).update(published_at=None)
    assert QUOTE not in client.get(HOME).content.decode()


def test_withdrawing_through_the_link_takes_it_down_from_the_stored_home_page_at_once(
    client, published
):
    # The home page is stored now: the next visit is served from the cache.
    assert QUOTE in client.get(HOME).content.decode()
    assert QUOTE in client.get(HOME).content.decode()
    link = reverse("community:testimonial_withdraw", args=[_withdraw_token()])

    page = client.get(link)
    assert page.status_code == 200 and QUOTE in page.content.decode()
    # Asking is not withdrawing.
    assert QUOTE in client.get(HOME).content.decode()

    response = client.post(link)
    assert response.status_code == 200
    assert "retiré" in response.content.decode()
    assert QUOTE not in client.get(HOME).content.decode()
    assert QUOTE not in client.get("/fr/press/").content.decode()
    # The link is spent: a clear page, not an error.
    again = client.get(link)
    assert again.status_code == 404
    assert "Ce lien ne fonctionne pas" in again.content.decode()


def test_staff_recording_a_withdrawal_takes_it_down_and_republishing_is_refused(
    client, staff, published, personas
):
    assert QUOTE in client.get(HOME).content.decode()
    response = staff.post(
        reverse("community:staff_testimonial_withdraw", args=[published.pk]),
        {"method": "email", "withdrawn_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    client.logout()
    assert QUOTE not in client.get(HOME).content.decode()
    consent = published.consents.get()
    assert consent.withdrawal_method == "email"
    assert consent.withdrawal_recorded_by == personas.staff

    staff = client_login(client, personas.staff)
    response = staff.post(
        reverse("community:staff_testimonial_publish", args=[published.pk]), follow=True
    )
    assert "Aucun consentement" in response.content.decode()
    published.refresh_from_db()
    assert published.published_at is None


def client_login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_an_unknown_withdrawal_link_gives_a_clear_page(client):
    response = client.get(reverse("community:testimonial_withdraw", args=["n0pe"]))
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert client.post(reverse("community:testimonial_withdraw", args=["n0pe"])).status_code == 404


def test_an_expired_withdrawal_link_gives_a_clear_page_and_withdraws_nothing(client, published):
    token = link_issue(
        target=published,
        purpose=services.WITHDRAWAL_LINK_PURPOSE,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    url = reverse("community:testimonial_withdraw", args=[token])
    response = client.post(url)
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.content.decode()
    published.refresh_from_db()
    assert published.published_at is not None


def test_the_person_withdraws_from_their_member_space_and_nobody_else_can(
    client_for, personas, client
):
    contact = personas.member_contact.contact
    testimonial = make_testimonial(
        contact=contact, email=contact.email, quote_fr=QUOTE, published=True
    )
    url = reverse("community:space_testimonial_withdraw", args=[testimonial.pk])

    assert client_for("member_admin").post(url).status_code == 404
    assert client_for("other_member").post(url).status_code == 404
    testimonial.refresh_from_db()
    assert testimonial.published_at is not None

    member = client_for("member_contact")
    assert QUOTE in member.get(reverse("community:space_testimonials")).content.decode()
    assert (
        "community/testimonials" not in member.get(reverse("portal:space_my_data")).content.decode()
    )
    assert (
        reverse("community:space_testimonials")
        in member.get(reverse("portal:space_my_data")).content.decode()
    )
    assert member.post(url).status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.published_at is None
    assert testimonial.consents.get().withdrawal_method == "member_space"


# The back-office.


def test_staff_create_a_testimonial_with_a_photo_reencoded_and_linked_to_the_contact(
    staff, personas
):
    contact = personas.member_contact.contact
    response = staff.post(
        reverse("community:staff_testimonial_create"),
        {
            "quote_fr": QUOTE,
            "person_name": "Camille Dufresne",
            "role": "Fondatrice",
            "organization": personas.org_a.pk,
            "email": contact.email.upper(),
            "language": "fr",
            "photo": _png(),
        },
    )
    assert response.status_code == 302
    testimonial = Testimonial.objects.get()
    assert testimonial.contact == contact
    assert testimonial.photo.name.endswith(".webp")
    assert testimonial.created_by == personas.staff
    assert testimonial.published_at is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quote_fr": "   "}, "quote_fr", "Écrivez la citation en français"),
        (
            {"photo": SimpleUploadedFile("p.png", b"not an image", content_type="image/png")},
            "photo",
            "pas une image",
        ),
        ({"organization": "", "company_name": ""}, "company_name", "Choisissez une organisation"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    staff, personas, changes, field, message
):
    data = {
        "quote_fr": QUOTE,
        "person_name": "Camille Dufresne",
        "organization": personas.org_a.pk,
        "language": "fr",
        **changes,
    }
    response = staff.post(reverse("community:staff_testimonial_create"), data)
    assert response.status_code == 200
    assert message in _field_errors(response.content.decode(), field)
    assert not Testimonial.objects.exists()


def test_a_photo_too_heavy_is_refused(staff, personas, monkeypatch):
    monkeypatch.setattr(services, "PHOTO_MAX_BYTES", 100)
    response = staff.post(
        reverse("community:staff_testimonial_create"),
        {
            "quote_fr": QUOTE,
            "person_name": "Camille",
            "organization": personas.org_a.pk,
            "language": "fr",
            "photo": _png((200, 200)),
        },
    )
    assert "la limite est" in _field_errors(response.content.decode(), "photo")
    assert not Testimonial.objects.exists()


def test_staff_publish_only_after_recording_the_consent(staff, personas):
    testimonial = make_testimonial(organization=personas.org_a, consent=False)
    publish = reverse("community:staff_testimonial_publish", args=[testimonial.pk])
    page = staff.post(publish, follow=True).content.decode()
    assert "Aucun consentement" in page
    testimonial.refresh_from_db()
    assert testimonial.published_at is None

    response = staff.post(
        reverse("community:staff_testimonial_consent", args=[testimonial.pk]),
        {"method": "in_person", "given_on": "2026-11-20", "text_version": "Version du 20/11"},
    )
    assert response.status_code == 302
    consent = TestimonialConsent.objects.get()
    assert (consent.recorded_by, consent.text_version) == (personas.staff, "Version du 20/11")
    staff.post(publish)
    testimonial.refresh_from_db()
    assert testimonial.published_at is not None


def test_a_consent_in_the_future_is_refused(staff, personas):
    testimonial = make_testimonial(organization=personas.org_a, consent=False)
    response = staff.post(
        reverse("community:staff_testimonial_consent", args=[testimonial.pk]),
        {"method": "email", "given_on": "2999-01-01", "text_version": "v1"},
    )
    assert "futur" in _field_errors(response.content.decode(), "given_on")
    assert not TestimonialConsent.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_staff_list_query_count_does_not_grow_with_rows(
    staff, personas, django_assert_num_queries, rows
):
    for number in range(rows):
        make_testimonial(
            organization=personas.org_a if number % 2 else None,
            person_name=f"Personne {number}",
            consent=bool(number % 3),
        )
    # Session, user, the navigation's member check, the count, the page with organizations,
    # their consents in force.
    with django_assert_num_queries(6):
        response = staff.get(reverse("community:staff_testimonials"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Personne ") == min(rows, 25)


def test_staff_list_filters_and_exports(staff, personas):
    make_testimonial(person_name="Avec Accord", published=True)
    make_testimonial(person_name="Sans Accord", consent=False)
    html = staff.get(reverse("community:staff_testimonials"), {"status": "no_consent"}).content
    assert b"Sans Accord" in html and b"Avec Accord" not in html
    csv = staff.get(reverse("community:staff_testimonials"), {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Avec Accord" in text and "Sans Accord" in text
    xlsx = staff.get(reverse("community:staff_testimonials"), {"export": "xlsx", "q": "avec"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("rows", [3, 30])
def test_stories_staff_list_query_count_does_not_grow_with_rows(
    staff, personas, django_assert_num_queries, rows
):
    for number in range(rows):
        make_story(title_fr=f"Histoire {number}", organizations=[personas.org_a, personas.org_b])
    # Session, user, the navigation's member check, the count, the page, its organizations.
    with django_assert_num_queries(6):
        response = staff.get(reverse("community:staff_stories"))
    assert response.status_code == 200


# Success stories.


def test_stories_link_their_listed_organizations_to_their_profiles(client, personas):
    listed = _listed(personas.org_a)
    story = make_story(organizations=[listed, personas.org_b], title_fr="Jumeau numérique")
    make_story(title_fr="Brouillon secret", published=False)

    html = client.get(reverse("community:story_list")).content.decode()
    assert "Jumeau numérique" in html and "Brouillon secret" not in html
    detail = client.get(reverse("community:story_detail", args=[story.slug])).content.decode()
    assert f'href="{reverse("members:directory_profile", args=[listed.slug])}"' in detail
    # Not in the directory: named, not linked.
    assert "Beta Logiciels" in detail
    assert reverse("members:directory_profile", args=[personas.org_b.slug]) not in detail
    assert "<strong>uni leurs forces</strong>" in detail
    draft = SuccessStory.objects.get(title_fr="Brouillon secret")
    assert client.get(reverse("community:story_detail", args=[draft.slug])).status_code == 404


def test_the_directory_profile_lists_its_stories_and_follows_a_new_one_at_once(client, personas):
    organization = _listed(personas.org_a)
    profile = reverse("members:directory_profile", args=[organization.slug])
    assert "Jumeau numérique" not in client.get(profile).content.decode()  # stored now
    story = make_story(organizations=[organization], title_fr="Jumeau numérique")
    assert "Jumeau numérique" in client.get(profile).content.decode()
    services.story_publish(story=story, published=False)
    assert "Jumeau numérique" not in client.get(profile).content.decode()


def test_a_story_shows_in_the_press_room(client, personas):
    make_story(organizations=[personas.org_a], title_fr="Prix régional de l'innovation")
    html = client.get("/fr/press/").content.decode()
    assert "Prix régional de l&#x27;innovation" in html or "Prix régional de l'innovation" in html


def test_staff_create_and_publish_a_story(staff, personas):
    response = staff.post(
        reverse("community:staff_story_create"),
        {
            "kind": "award",
            "title_fr": "Trophée de la cybersécurité",
            "body_fr": "Un prix pour **Alpha**.",
            "organizations": [personas.org_a.pk],
        },
    )
    assert response.status_code == 302
    story = SuccessStory.objects.get()
    assert list(story.organizations.all()) == [personas.org_a]
    assert not story.is_published
    staff.post(reverse("community:staff_story_publish", args=[story.pk]), {"published": "1"})
    story.refresh_from_db()
    assert story.is_published and story.published_at


@pytest.mark.parametrize("rows", [3, 30])
def test_home_page_query_count_does_not_grow_with_testimonials(
    client, personas, django_assert_num_queries, rows
):
    for number in range(rows):
        make_testimonial(
            organization=personas.org_a if number % 2 else None,
            quote_fr=f"Citation numéro {number}",
            published=True,
        )
    # Member count, events this year, the featured news, the latest three testimonials with
    # their organizations.
    with django_assert_num_queries(4):
        html = client.get(HOME).content.decode()
    assert html.count("Citation numéro") == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_stories_page_query_count_does_not_grow_with_rows(
    client, personas, django_assert_num_queries, rows
):
    for number in range(rows):
        make_story(title_fr=f"Histoire {number}", organizations=[personas.org_a, personas.org_b])
    # The count, the page of stories with their projects, their organizations.
    with django_assert_num_queries(3):
        html = client.get(reverse("community:story_list")).content.decode()
    assert html.count("Histoire ") == min(rows, 10)


# Found in use: a changed quote, the withdrawal page of a testimonial not shown, "My data".


def test_staff_changing_the_quote_are_told_and_the_stored_home_page_drops_it(
    client, client_for, published
):
    assert QUOTE in client.get(HOME).content.decode()
    staff = client_for("staff")
    form = staff.get(reverse("community:staff_testimonial_edit", args=[published.pk]))
    assert "changer la citation retire le témoignage" in form.content.decode()

    response = staff.post(
        reverse("community:staff_testimonial_edit", args=[published.pk]),
        {
            "quote_fr": "Une autre phrase que la personne n'a jamais dite.",
            "person_name": published.person_name,
            "organization": published.organization_id,
            "email": published.email,
            "language": "fr",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "le consentement de la personne ne la couvre plus" in page
    assert "Aucun consentement en vigueur" in page
    home = client.get(HOME).content.decode()
    assert QUOTE not in home and "jamais dite" not in home


def test_the_withdrawal_link_of_a_testimonial_not_shown_does_not_say_it_is_online(
    client, published
):
    link = reverse("community:testimonial_withdraw", args=[_withdraw_token()])
    services.testimonial_unpublish(testimonial=published)

    page = client.get(link).content.decode()

    assert "figure sur le site" not in page
    assert "que le cluster peut publier" in page


def test_my_data_says_the_download_holds_the_testimonials(client_for):
    page = client_for("member_contact").get(reverse("portal:space_my_data")).content.decode()
    assert "vos témoignages avec les consentements à leur publication" in page


def test_staff_read_an_anonymised_testimonial_and_its_consents_but_change_nothing(staff, personas):
    testimonial = make_testimonial(published=True, email="camille@alpha.test")
    services.testimonial_anonymise(testimonial=testimonial)
    edit = reverse("community:staff_testimonial_edit", args=[testimonial.pk])

    listed = staff.get(reverse("community:staff_testimonials")).content.decode()
    assert edit in listed
    page = staff.get(edit)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anonymisé le" in html and "Effacement des données de la personne" in html
    assert 'name="quote_fr"' not in html
    assert staff.post(edit, {"quote_fr": "Autre", "person_name": "X"}).status_code == 404
    for name in ("staff_testimonial_consent", "staff_testimonial_withdraw"):
        assert staff.get(reverse(f"community:{name}", args=[testimonial.pk])).status_code == 404
    for name in ("staff_testimonial_publish", "staff_testimonial_unpublish"):
        assert staff.post(reverse(f"community:{name}", args=[testimonial.pk])).status_code == 404
    testimonial.refresh_from_db()
    assert testimonial.published_at is None and testimonial.consents.count() == 1


def test_the_join_page_quotes_members_above_its_form_and_not_over_its_errors(client, published):
    html = client.get("/fr/join/").content.decode()
    assert html.index("Ce qu'en disent nos adhérents") < html.index('class="join-form"')

    refused = client.post("/fr/join/", {"organization_name": ""}).content.decode()
    assert 'class="join-form"' in refused and "Ce qu'en disent nos adhérents" not in refused
