"""Member news: a company's admins submit it, staff moderate it, and only then does it show
on /news/, the company's directory profile and the next newsletter; staff feature news on
the home page; the submitter is emailed once per decision; the person's data is exported
and erased while the news stays."""

import csv
import datetime
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from communications.models import NewsArticle, Newsletter
from communications.selectors.newsletters import newsletter_blocks
from communications.services import member_news as services
from communications.services.content import NEWS_IMAGE_MAX_BYTES
from core.models import SentEmail
from core.personal_data import Person, declarations
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, member_user

pytestmark = pytest.mark.django_db

SPACE_LIST = "/en/space/news/"
SPACE_NEW = "/en/space/news/new/"
STAFF_LIST = "/en/staff/member-news/"
NEWS = "/en/news/"


def _png(size=(40, 30), name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _form(**overrides) -> dict:
    data = {
        "kind": "product",
        "title_fr": "Lancement de TraceCourt",
        "summary_fr": "Une plateforme de traçabilité.",
        "body_fr": "Le **lancement** est prévu en mars.",
        "title_en": "",
        "summary_en": "",
        "body_en": "",
        "link": "",
    }
    data.update(overrides)
    return data


def _listed(organization):
    organization.directory_consent_at = timezone.now()
    organization.save()
    return organization


def _submitted(personas, **fields) -> NewsArticle:
    contact = personas.member_admin.contact
    data = _form()
    data.update(fields)
    return services.member_news_submit(
        organization=personas.org_a, contact=contact, user=personas.member_admin, data=data
    )


def _published(personas, title="Lancement de TraceCourt", **fields) -> NewsArticle:
    article = _submitted(personas, title_fr=title, **fields)
    return services.member_news_approve(article=article, moderator=personas.staff)


def _review(client, article, **data):
    """A decision posted from the review page as it shows the news now."""
    data.setdefault("version", services.member_news_version(NewsArticle.objects.get(pk=article.pk)))
    return client.post(reverse("communications:staff_member_news_review", args=[article.pk]), data)


# --- submitting ------------------------------------------------------------------------------


def test_an_admin_submits_news_that_stays_off_every_public_page_until_moderated(
    personas, client_for, client
):
    _listed(personas.org_a)
    admin = client_for("member_admin")
    response = admin.post(SPACE_NEW, {**_form(), "image": _png()})

    assert response.status_code == 302
    article = NewsArticle.objects.get()
    assert article.organization == personas.org_a
    assert article.submitted_by == personas.member_admin.contact
    assert article.moderation == NewsArticle.Moderation.PENDING
    assert not article.is_published
    # The image is checked and re-encoded, as staff's news images are.
    assert article.image.name.endswith(".webp")
    listing = admin.get(SPACE_LIST).content.decode()
    assert "Lancement de TraceCourt" in listing and "Waiting for moderation" in listing

    client.logout()
    assert client.get(reverse("communications:news_detail", args=[article.slug])).status_code == 404
    assert "TraceCourt" not in client.get(NEWS).content.decode()
    profile = client.get(f"/en/members/{personas.org_a.slug}/").content.decode()
    assert "TraceCourt" not in profile


def test_a_plain_contact_may_not_submit(personas, client_for):
    contact = client_for("member_contact")

    assert contact.get(SPACE_NEW).status_code == 403
    assert contact.post(SPACE_NEW, _form()).status_code == 403
    assert contact.get(SPACE_LIST).status_code == 403
    assert not NewsArticle.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title_fr": "   "}, "title_fr"),
        ({"summary_fr": ""}, "summary_fr"),
        ({"kind": ""}, "kind"),
        ({"link": "pas une adresse"}, "link"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(
    personas, client_for, overrides, field
):
    response = client_for("member_admin").post(SPACE_NEW, _form(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not NewsArticle.objects.exists()


def test_a_refused_image_is_answered_next_to_the_field_and_nothing_is_saved(personas, client_for):
    admin = client_for("member_admin")
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = admin.post(SPACE_NEW, {**_form(), "image": fake})
    assert response.status_code == 200
    assert "image" in response.context["form"].errors

    heavy = SimpleUploadedFile(
        "photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * NEWS_IMAGE_MAX_BYTES, content_type="image/png"
    )
    response = admin.post(SPACE_NEW, {**_form(), "image": heavy})
    assert response.status_code == 200
    assert "image" in response.context["form"].errors
    assert not NewsArticle.objects.exists()


def test_another_organizations_admin_cannot_see_edit_or_withdraw_it(personas, client_for):
    article = _submitted(personas)
    other = client_for("other_member")
    edit_url = reverse("communications:space_member_news_edit", args=[article.pk])
    withdraw_url = reverse("communications:space_member_news_withdraw", args=[article.pk])

    assert other.get(edit_url).status_code == 404
    assert other.post(edit_url, _form(title_fr="Piraté")).status_code == 404
    assert other.post(withdraw_url).status_code == 404
    assert "Lancement" not in other.get(SPACE_LIST).content.decode()
    article.refresh_from_db()
    assert article.title_fr == "Lancement de TraceCourt"
    assert article.moderation == NewsArticle.Moderation.PENDING


def test_an_admin_with_two_organizations_says_which_one_the_news_is_about(personas, client_for):
    Affiliation.objects.create(
        contact=personas.member_admin.contact,
        organization=personas.org_b,
        access=Affiliation.Access.ADMIN,
    )
    admin = client_for("member_admin")
    response = admin.post(SPACE_NEW, _form(organization=personas.org_b.pk))

    assert response.status_code == 302
    assert NewsArticle.objects.get().organization == personas.org_b


def test_pending_news_is_edited_but_published_news_is_not(personas, client_for):
    article = _submitted(personas)
    admin = client_for("member_admin")
    url = f"/en/space/news/{article.pk}/"

    assert admin.post(url, _form(title_fr="Lancement reporté")).status_code == 302
    article.refresh_from_db()
    assert article.title_fr == "Lancement reporté"
    assert article.revision == 2

    services.member_news_approve(article=article, moderator=personas.staff)
    page = admin.get(url)
    assert page.status_code == 200
    assert "no longer edited" in page.content.decode()
    admin.post(url, _form(title_fr="Changé en douce"))
    article.refresh_from_db()
    assert article.title_fr == "Lancement reporté"
    assert article.is_published
    with pytest.raises(services.MemberNewsNotEditableError):
        services.member_news_update(article=article, data=_form(title_fr="Changé en douce"))


def test_withdrawing_takes_published_news_off_the_public_pages(personas, client_for, client):
    article = _published(personas)
    assert client.get(reverse("communications:news_detail", args=[article.slug])).status_code == 200

    response = client_for("member_admin").post(
        reverse("communications:space_member_news_withdraw", args=[article.pk])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.moderation == NewsArticle.Moderation.WITHDRAWN
    client.logout()
    assert client.get(reverse("communications:news_detail", args=[article.slug])).status_code == 404
    assert "TraceCourt" not in client.get(NEWS).content.decode()


# --- moderation -----------------------------------------------------------------------------


def test_approving_publishes_and_mails_the_submitter_once_in_their_language(
    personas, client_for, django_capture_on_commit_callbacks
):
    contact = personas.member_admin.contact
    contact.preferred_language = "fr"
    contact.save()
    article = _submitted(personas)
    staff = client_for("staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = _review(staff, article, decision="approve")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published and article.moderation == NewsArticle.Moderation.PUBLISHED
    assert article.moderated_by == personas.staff
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert "Votre actualité est publiée" in message.subject
    assert f"/fr/news/{article.slug}/" in message.body
    assert message.alternatives[0][1] == "text/html"
    # A retried task sends nothing more.
    assert services.member_news_decision_send(article=article) is False
    assert len(mail.outbox) == 1


def test_rejecting_needs_a_note_and_mails_it(
    personas, client_for, django_capture_on_commit_callbacks
):
    contact = personas.member_admin.contact
    contact.preferred_language = "en"
    contact.save()
    article = _submitted(personas)
    staff = client_for("staff")

    with django_capture_on_commit_callbacks(execute=True):
        empty = _review(staff, article, decision="reject", note="  ")
    assert empty.status_code == 200
    assert "note" in empty.context["reject_form"].errors
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        _review(staff, article, decision="reject", note="Parlez plutôt d'un client.")

    article.refresh_from_db()
    assert article.moderation == NewsArticle.Moderation.REJECTED
    assert not article.is_published
    (message,) = mail.outbox
    assert "Your news is not published" in message.subject
    assert "Parlez plutôt d'un client." in message.body
    assert f"/en/space/news/{article.pk}/" in message.body
    # The company reads the note in its member space.
    listing = client_for("member_admin").get(SPACE_LIST).content.decode()
    assert "Parlez plutôt d&#x27;un client." in listing


def test_news_rejected_edited_and_approved_gets_one_email_per_decision(
    personas, django_capture_on_commit_callbacks
):
    article = _submitted(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.member_news_reject(article=article, moderator=personas.staff, note="Précisez.")
    with django_capture_on_commit_callbacks(execute=True):
        article = services.member_news_update(article=article, data=_form(title_fr="Précisé"))
    with django_capture_on_commit_callbacks(execute=True):
        services.member_news_approve(article=article, moderator=personas.staff)

    assert len(mail.outbox) == 2
    assert SentEmail.objects.filter(key__startswith=f"member-news:{article.pk}:").count() == 2


@pytest.mark.parametrize(
    "decision", [{"decision": "approve"}, {"decision": "reject", "note": "Précisez."}]
)
def test_news_edited_after_the_moderator_opened_it_is_not_decided_unread(
    personas, client_for, decision, django_capture_on_commit_callbacks
):
    article = _submitted(personas)
    staff = client_for("staff")
    page = staff.get(reverse("communications:staff_member_news_review", args=[article.pk]))
    seen = page.content.decode().split('name="version" value="')[1].split('"')[0]
    services.member_news_update(article=article, data=_form(title_fr="Autre chose"))

    with django_capture_on_commit_callbacks(execute=True):
        response = _review(staff, article, version=seen, **decision)

    assert response.status_code == 302
    assert response.url.endswith(f"/staff/member-news/{article.pk}/")
    article.refresh_from_db()
    assert article.moderation == NewsArticle.Moderation.PENDING
    assert not article.is_published
    assert mail.outbox == []
    follow = staff.get(response.url).content.decode()
    assert "modifiée depuis que vous l&#x27;avez ouverte" in follow


def test_staff_edit_before_approving_and_approve_what_they_edited(personas, client_for):
    article = _submitted(personas)
    staff = client_for("staff")
    url = reverse("communications:staff_member_news_review", args=[article.pk])
    edit = {f"edit-{name}": value for name, value in _form(title_fr="Titre corrigé").items()}

    assert staff.post(url, {"decision": "edit", **edit}).status_code == 302
    article.refresh_from_db()
    assert article.title_fr == "Titre corrigé"
    assert article.moderation == NewsArticle.Moderation.PENDING

    _review(staff, article, decision="approve")
    article.refresh_from_db()
    assert article.is_published


# --- where published news shows ---------------------------------------------------------------


def test_published_news_shows_on_news_with_the_company_and_a_link_to_its_profile(personas, client):
    _listed(personas.org_a)
    article = _published(personas)

    listing = client.get(NEWS).content.decode()
    assert "Lancement de TraceCourt" in listing
    assert "Member news" in listing
    assert f'href="/en/members/{personas.org_a.slug}/">Alpha Numérique</a>' in listing
    page = client.get(reverse("communications:news_detail", args=[article.slug]))
    assert page.status_code == 200
    assert f'href="/en/members/{personas.org_a.slug}/">Alpha Numérique</a>' in (
        page.content.decode()
    )


def test_a_company_not_in_the_directory_is_named_without_a_link(personas, client):
    _published(personas)

    listing = client.get(NEWS).content.decode()
    assert "Alpha Numérique" in listing
    assert f"/en/members/{personas.org_a.slug}/" not in listing


def test_the_stored_directory_profile_shows_the_news_once_published(personas, client):
    _listed(personas.org_a)
    article = _submitted(personas)
    profile_url = f"/en/members/{personas.org_a.slug}/"
    # Stored now, without the news.
    assert "TraceCourt" not in client.get(profile_url).content.decode()

    services.member_news_approve(article=article, moderator=personas.staff)

    profile = client.get(profile_url).content.decode()
    assert "News from the company" in profile
    assert f'href="/en/news/{article.slug}/"' in profile


def test_the_next_newsletter_shows_member_news_published_since_the_previous_one(personas):
    sent_at = timezone.now() - timedelta(days=3)
    previous = Newsletter.objects.create(
        subject_fr="Lettre de novembre",
        body_fr="x",
        slug="lettre-novembre",
        status=Newsletter.Status.SENT,
        sending_started_at=sent_at,
        sent_at=sent_at,
    )
    older = _published(personas, title="Déjà annoncée")
    NewsArticle.objects.filter(pk=older.pk).update(published_at=sent_at - timedelta(days=1))
    fresh = _published(personas, title="Toute fraîche")
    draft = Newsletter.objects.create(subject_fr="Lettre de décembre", body_fr="x", slug="dec")

    blocks = newsletter_blocks(newsletter=draft)

    assert blocks["member_news"] == [fresh]
    # Member news has its own block, not the staff's one.
    assert fresh not in blocks["news"]
    # The newsletter already sent stays as it was.
    assert newsletter_blocks(newsletter=previous)["member_news"] == [older]
    draft.include_member_news = False
    assert newsletter_blocks(newsletter=draft)["member_news"] == []


def test_the_newsletter_email_lists_member_news_with_the_company(personas, client_for):
    _published(personas, title="Toute fraîche")
    draft = Newsletter.objects.create(subject_fr="Lettre", body_fr="x", slug="lettre")
    html = client_for("staff").get(
        reverse("communications:staff_newsletter_preview", args=[draft.pk, "fr"])
    )
    text = html.content.decode()
    assert "Toute fraîche" in text and "Alpha Numérique" in text


# --- the home page --------------------------------------------------------------------------


def test_a_featured_item_shows_on_the_home_page_and_leaves_when_unfeatured(
    personas, client_for, client
):
    article = _published(personas)
    assert "TraceCourt" not in client.get("/en/").content.decode()
    staff = client_for("staff")
    feature_url = reverse("communications:staff_news_feature", args=[article.pk])

    assert staff.post(feature_url, {"featured": "1", "until": ""}).status_code == 302
    client.logout()
    home = client.get("/en/").content.decode()
    assert "In the news" in home and "Lancement de TraceCourt" in home

    staff = client_for("staff")
    staff.post(feature_url, {"featured": "0"})
    client.logout()
    assert "TraceCourt" not in client.get("/en/").content.decode()


def test_a_feature_ends_after_its_end_date(personas, client):
    article = _published(personas)
    today = timezone.localdate()
    services.news_article_feature(article=article, featured=True, until=today)
    assert "TraceCourt" in client.get("/en/").content.decode()

    NewsArticle.objects.filter(pk=article.pk).update(featured_until=today - timedelta(days=1))
    # The nightly task makes the stored home page stale.
    services.news_home_refresh()
    assert "TraceCourt" not in client.get("/en/").content.decode()


def test_only_published_news_is_featured_and_a_past_end_date_is_refused(personas, client_for):
    pending = _submitted(personas)
    staff = client_for("staff")
    staff.post(
        reverse("communications:staff_news_feature", args=[pending.pk]),
        {"featured": "1", "until": ""},
    )
    pending.refresh_from_db()
    assert not pending.is_featured

    published = _published(personas, title="Autre")
    yesterday = timezone.localdate() - timedelta(days=1)
    staff.post(
        reverse("communications:staff_news_feature", args=[published.pk]),
        {"featured": "1", "until": yesterday.isoformat()},
    )
    published.refresh_from_db()
    assert not published.is_featured


def test_the_beat_refreshes_the_home_page_each_night(settings):
    from communications import tasks

    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "communications.tasks.news_home_refresh"
    ]
    assert tasks.news_home_refresh.name == entry["task"]


# --- query counts ---------------------------------------------------------------------------


def _many(personas, count: int) -> None:
    organizations = [
        _listed(OrganizationFactory(name=f"Société {number}")) for number in range(count)
    ]
    for number, organization in enumerate(organizations):
        article = services.member_news_submit(
            organization=organization if number % 2 else personas.org_a,
            contact=personas.member_admin.contact,
            user=personas.member_admin,
            data=_form(title_fr=f"Actualité {number}"),
        )
        if number % 3:
            services.member_news_approve(article=article, moderator=personas.staff)
            services.news_article_feature(article=article, featured=True)


@pytest.mark.parametrize("count", [3, 30])
def test_the_moderation_list_costs_a_fixed_number_of_queries(
    personas, client_for, django_assert_num_queries, count
):
    _many(personas, count)
    staff = client_for("staff")
    # session, user, the header's "is a member" check; the count, the page with companies
    # and submitters.
    with django_assert_num_queries(5):
        response = staff.get(STAFF_LIST)
    assert response.status_code == 200
    with django_assert_num_queries(5):
        assert staff.get(STAFF_LIST + "?status=pending&kind=product&q=actualite").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_space_list_costs_a_fixed_number_of_queries(
    personas, client_for, django_assert_num_queries, count
):
    _many(personas, count)
    admin = client_for("member_admin")
    # session, user, member_required's check, the administered organizations' ids, the
    # organizations, the count, the page with companies, the header's "is a member" check.
    with django_assert_num_queries(8):
        response = admin.get(SPACE_LIST)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_public_news_costs_a_fixed_number_of_queries(
    personas, client, django_assert_num_queries, count
):
    _many(personas, count)
    # The count, then the page of articles with companies and their listing.
    with django_assert_num_queries(2):
        response = client.get(NEWS)
    assert response.status_code == 200
    assert "Member news" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_home_page_costs_a_fixed_number_of_queries(
    personas, client, django_assert_num_queries, count
):
    _many(personas, count)
    # Member count, events this year, the featured news with their companies, the latest
    # testimonials.
    with django_assert_num_queries(4):
        response = client.get("/en/")
    assert "In the news" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_staff_news_list_costs_a_fixed_number_of_queries(
    personas, client_for, django_assert_num_queries, count
):
    _many(personas, count)
    staff = client_for("staff")
    # session, user, the header's check; the count, the page, the news to moderate.
    with django_assert_num_queries(6):
        response = staff.get("/en/staff/news/")
    html = response.content.decode()
    assert "to moderate" in html and "/en/staff/member-news/?status=pending" in html


def test_the_moderation_list_exports_csv(personas, client_for):
    _many(personas, 3)
    response = client_for("staff").get(STAFF_LIST + "?export=csv&status=published")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.getvalue() if not response.streaming else b"".join(response)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert [row[3] for row in rows[1:]] == ["Actualité 2", "Actualité 1"]
    assert rows[1][1] == "Alpha Numérique"


# --- personal data ----------------------------------------------------------------------------


def _declaration():
    (declaration,) = [d for d in declarations() if d.model is NewsArticle]
    return declaration


def test_the_submitter_finds_their_news_in_their_export_and_erasure_keeps_the_news(personas):
    article = _published(personas)
    staff_article = NewsArticle.objects.create(slug="equipe", title_fr="Équipe", body_fr="x")
    contact = personas.member_admin.contact
    person = Person(contact=contact, user=personas.member_admin, addresses=frozenset(), names=())

    exported = _declaration().export(person)
    assert [row["title"] for row in exported] == ["Lancement de TraceCourt"]
    assert exported[0]["organization"] == "Alpha Numérique"

    _declaration().erase(person)
    article.refresh_from_db()
    assert article.submitted_by is None and article.created_by is None
    assert article.is_published and article.title_fr == "Lancement de TraceCourt"
    assert NewsArticle.objects.filter(pk=staff_article.pk).exists()


def test_someone_without_a_contact_exports_nothing(personas):
    NewsArticle.objects.create(slug="equipe", title_fr="Équipe", body_fr="x")
    person = Person(contact=None, user=None, addresses=frozenset(), names=())
    assert _declaration().export(person) == []


# --- demo -----------------------------------------------------------------------------------


def test_the_demo_member_news_has_every_state(personas):
    import random

    from communications.demo.member_news import member_news_seed

    other_admin = member_user(
        OrganizationFactory(name="Gamma"), Affiliation.Access.ADMIN, email="gamma@g.test"
    )
    people = [
        (affiliation.contact, affiliation)
        for affiliation in Affiliation.objects.select_related("organization", "contact")
        .filter(access=Affiliation.Access.ADMIN)
        .order_by("pk")
    ]
    assert other_admin.contact in [contact for contact, _ in people]

    created = member_news_seed(
        rng=random.Random(1), people=people, staff_user=personas.staff, today=datetime.date.today()
    )

    assert created == 7
    by_state = {
        state: NewsArticle.objects.filter(moderation=state).count()
        for state in NewsArticle.Moderation.values
    }
    assert by_state["published"] == 4 and by_state["pending"] == 2 and by_state["rejected"] == 1
    assert NewsArticle.objects.featured().count() == 1
    assert NewsArticle.objects.exclude(moderation_note="").count() == 1
    published_companies = NewsArticle.objects.public().values("organization").distinct().count()
    assert published_companies == 3
