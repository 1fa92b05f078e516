"""News, the press room, gated downloads and the media coverage log."""

import csv
import datetime
import io
import re
import time

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from collaboration.models import Call, Participation, Project
from communications.models import (
    DownloadRequest,
    MediaCoverage,
    NewsArticle,
    PressAsset,
    PressRelease,
    Subscriber,
)
from communications.services import content as services
from communications.services import subscriptions as subscription_services
from members.tests.factories import OrganizationFactory

NEWS_URL = "/en/news/"
PRESS_URL = "/en/press/"
STAFF_NEWS_NEW = "/en/staff/news/new/"
NON_STAFF = ["member_admin", "member_contact", "other_member", "anonymous"]


def _article(slug: str, **fields) -> NewsArticle:
    fields.setdefault("title_fr", f"Titre {slug}")
    fields.setdefault("body_fr", f"Texte {slug}.")
    fields.setdefault("is_published", True)
    return NewsArticle.objects.create(slug=slug, **fields)


def _asset(slug: str, *, gated: bool, data: bytes = b"%PDF-1.4 brochure", **fields) -> PressAsset:
    fields.setdefault("kind", PressAsset.Kind.BROCHURE)
    asset = PressAsset(slug=slug, title_fr=slug.title(), is_gated=gated, **fields)
    asset.file.save(f"{slug}.pdf", ContentFile(data), save=True)
    return asset


def _png(size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _field_errors(html: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    assert match, f"no error list next to {field}"
    return match.group(1)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- news, public ---------------------------------------------------------------------------


def test_news_list_shows_published_articles_newest_first(db, client):
    now = timezone.now()
    _article("ancienne", published_at=now - datetime.timedelta(days=10))
    _article("recente", published_at=now - datetime.timedelta(days=1))
    _article("brouillon", is_published=False)
    _article("programmee", published_at=now + datetime.timedelta(days=3))

    html = client.get(NEWS_URL).content.decode()

    assert html.index("Titre recente") < html.index("Titre ancienne")
    assert "Titre brouillon" not in html
    assert "Titre programmee" not in html


def test_unpublished_and_future_articles_are_not_found(db, client):
    _article("brouillon", is_published=False)
    _article("programmee", published_at=timezone.now() + datetime.timedelta(days=3))

    assert client.get("/en/news/brouillon/").status_code == 404
    assert client.get("/en/news/programmee/").status_code == 404


def test_article_body_is_markdown_without_scripts(db, client):
    _article(
        "markdown",
        body_fr="Du **gras** et [un lien](https://example.org).\n\n"
        "<script>alert('x')</script><a href=\"javascript:alert(1)\">piège</a>",
        body_en="English **bold**.",
    )

    french = client.get("/fr/news/markdown/").content.decode()
    english = client.get("/en/news/markdown/").content.decode()

    assert "<strong>gras</strong>" in french
    assert 'href="https://example.org"' in french
    assert "<script>alert" not in french
    assert "javascript:alert" not in french
    assert "<strong>bold</strong>" in english


@pytest.mark.parametrize("count", [1, 15])
def test_news_list_query_count_does_not_grow(db, client, django_assert_num_queries, count):
    for number in range(count):
        _article(f"article-{number}")

    # The count for the paginator, then the page of articles.
    with django_assert_num_queries(2):
        response = client.get(NEWS_URL)

    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == min(count, 10)


# --- news, back-office ----------------------------------------------------------------------


def test_staff_creates_an_article_with_an_image(personas, client_for):
    client = client_for("staff")

    response = client.post(
        STAFF_NEWS_NEW,
        {
            "title_fr": "Nouvel adhérent",
            "body_fr": "Bienvenue !",
            "published_at": "2026-01-05T10:00",
            "is_published": "on",
            "image": _png(),
        },
    )

    assert response.status_code == 302
    article = NewsArticle.objects.get()
    assert article.slug == "nouvel-adherent"
    assert article.created_by == personas.staff
    assert article.image.name.endswith(".webp")
    with article.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "WEBP"


def test_a_text_file_named_png_is_refused_next_to_the_field(personas, client_for):
    client = client_for("staff")
    fake = SimpleUploadedFile("photo.png", b"not an image", content_type="image/png")

    response = client.post(
        STAFF_NEWS_NEW,
        {
            "title_fr": "Titre",
            "body_fr": "Texte",
            "published_at": "2026-01-05T10:00",
            "image": fake,
        },
    )

    assert response.status_code == 200
    assert _field_errors(response.content.decode(), "image").strip()
    assert not NewsArticle.objects.exists()


def test_staff_publishes_and_withdraws_an_article(personas, client_for):
    article = _article("a-publier", is_published=False)
    client_for("staff").post(f"/en/staff/news/{article.pk}/publish/", {"published": "1"})
    assert client_for("anonymous").get("/en/news/a-publier/").status_code == 200

    client_for("staff").post(f"/en/staff/news/{article.pk}/publish/", {"published": "0"})
    article.refresh_from_db()
    assert article.is_published is False
    assert client_for("anonymous").get("/en/news/a-publier/").status_code == 404


@pytest.mark.parametrize("persona", NON_STAFF)
def test_only_staff_publish_articles(personas, client_for, persona):
    article = _article("brouillon", is_published=False)

    client_for(persona).post(f"/en/staff/news/{article.pk}/publish/", {"published": "1"})

    article.refresh_from_db()
    assert article.is_published is False


# --- press room -----------------------------------------------------------------------------


def test_press_room_lists_releases_downloads_and_coverage(db, client):
    PressRelease.objects.create(
        slug="cp-publie", title_fr="CP publié", body_fr="x", is_published=True
    )
    PressRelease.objects.create(slug="cp-cache", title_fr="CP caché", body_fr="x")
    _asset("dossier-de-presse", gated=False, kind=PressAsset.Kind.PRESS_KIT)
    _asset("retire", gated=False, is_published=False)
    MediaCoverage.objects.create(
        published_on=datetime.date(2026, 2, 1), outlet="La Dépêche", title="Le cluster recrute"
    )

    html = client.get(PRESS_URL).content.decode()

    assert "/en/press/releases/cp-publie/" in html
    assert "cp-cache" not in html
    assert "/en/press/downloads/dossier-de-presse/" in html
    assert "/en/press/downloads/retire/" not in html
    assert "Le cluster recrute" in html
    assert "La Dépêche" in html


@pytest.mark.parametrize("count", [1, 8])
def test_press_room_query_count_does_not_grow(db, client, django_assert_num_queries, count):
    for number in range(count):
        PressRelease.objects.create(
            slug=f"cp-{number}", title_fr=f"CP {number}", body_fr="x", is_published=True
        )
        _asset(f"fichier-{number}", gated=bool(number % 2))
        MediaCoverage.objects.create(
            published_on=datetime.date(2026, 2, 1), outlet=f"Journal {number}", title="Article"
        )
        _call_with_story(number)

    # Releases, downloads, coverage; the one query of the panel the reports app adds (the
    # public editions of the annual reports); the open calls, the success stories and
    # their consortia; the testimonials and community's success stories (none here, so
    # their organizations cost nothing); the winners of the latest innovation awards.
    with django_assert_num_queries(10):
        response = client.get(PRESS_URL)

    html = response.content.decode()
    assert html.count("/en/press/releases/cp-") == count
    assert html.count("/en/calls/appel-") == count
    assert html.count("#story-") == min(count, 6)  # the latest six


def _call_with_story(number: int):
    """An open call and a success story of its, which its lead agreed to tell."""
    call = Call.objects.create(
        slug=f"appel-{number}",
        title_fr=f"Appel {number}",
        deadline=timezone.now() + datetime.timedelta(days=30),
        is_published=True,
    )
    lead = OrganizationFactory()
    project = Project.objects.create(
        call=call,
        slug=f"projet-{number}",
        title=f"Projet {number}",
        summary="x",
        lead=lead,
        stage=Project.Stage.RUNNING,
        is_success_story=True,
    )
    Participation.objects.create(
        project=project,
        organization=lead,
        role=Participation.Role.LEAD,
        status=Participation.Status.ACCEPTED,
        story_consent_at=timezone.now(),
    )


def test_press_room_lists_no_closed_call_and_no_story_without_every_consent(db, client):
    _call_with_story(1)
    Call.objects.filter(slug="appel-1").update(deadline=timezone.now() - datetime.timedelta(days=1))
    # A partner has not agreed yet: the story stays untold.
    Participation.objects.create(
        project=Project.objects.get(),
        organization=OrganizationFactory(),
        status=Participation.Status.ACCEPTED,
    )

    html = client.get(PRESS_URL).content.decode()

    assert "/en/calls/appel-1/" not in html
    assert "#story-" not in html
    assert "No call for projects is open at the moment." in html


def test_unpublished_press_release_is_not_found(db, client):
    PressRelease.objects.create(slug="secret", title_fr="Secret", body_fr="x")

    assert client.get("/en/press/releases/secret/").status_code == 404


def test_open_download_serves_the_file_at_once(db, client):
    _asset("logos", gated=False, data=b"%PDF-1.4 logos", kind=PressAsset.Kind.LOGO)

    response = client.get("/en/press/downloads/logos/")

    assert response.status_code == 200
    assert _body(response) == b"%PDF-1.4 logos"
    assert 'filename="logos.pdf"' in response["Content-Disposition"]
    assert not DownloadRequest.objects.exists()


# --- gated downloads ------------------------------------------------------------------------


@pytest.fixture
def brochure(db):
    return _asset("plaquette", gated=True, data=b"%PDF-1.4 plaquette")


@pytest.fixture
def visitor():
    return {
        "first_name": "Léa",
        "last_name": "Martin",
        "email": "Lea.Martin@Example.org",
        "organization_name": "Région Occitanie",
        "consent": "on",
    }


def _download_link(response) -> str:
    """Where the form sends the browser: the signed link of the file itself."""
    assert response.status_code == 302, response.status_code
    assert re.fullmatch(r"/en/press/downloads/plaquette/[^/]+/", response["Location"])
    return response["Location"]


def test_gated_download_records_a_lead_and_serves_the_file(brochure, visitor, client):
    form = client.get("/en/press/downloads/plaquette/")
    assert form.status_code == 200
    assert 'name="email"' in form.content.decode()

    response = client.post("/en/press/downloads/plaquette/", visitor)

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lea.martin@example.org"
    assert subscriber.status == Subscriber.Status.LEAD
    assert subscriber.source == Subscriber.Source.GATED_DOWNLOAD
    assert (subscriber.first_name, subscriber.organization_name) == ("Léa", "Région Occitanie")
    assert subscriber.consent_text_version == services.DOWNLOAD_CONSENT_TEXT_VERSION
    assert DownloadRequest.objects.get().subscriber == subscriber
    # The form's one click starts the download: it answers with the file, not a page
    # holding a second button.
    file_response = client.get(_download_link(response))
    assert file_response.status_code == 200
    assert file_response["Content-Disposition"].startswith("attachment;")
    assert _body(file_response) == b"%PDF-1.4 plaquette"


def test_gated_asset_has_no_direct_link_on_the_press_room(brochure, client):
    html = client.get(PRESS_URL).content.decode()

    assert brochure.file.url not in html
    assert brochure.file.name.startswith("press/assets/")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "pas-une-adresse"}, "email"),
        ({"consent": ""}, "consent"),
        ({"organization_name": ""}, "organization_name"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_bad_download_form_shows_errors_and_saves_nothing(brochure, visitor, client, change, field):
    response = client.post("/en/press/downloads/plaquette/", {**visitor, **change})

    assert response.status_code == 200
    assert _field_errors(response.content.decode(), field).strip()
    assert not Subscriber.objects.exists()
    assert not DownloadRequest.objects.exists()


@pytest.mark.parametrize("status", [Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED])
def test_download_never_turns_an_unreachable_address_into_a_lead(brochure, visitor, client, status):
    Subscriber.objects.create(
        email="lea.martin@example.org", status=status, source=Subscriber.Source.SIGNUP_PAGE
    )

    response = client.post("/en/press/downloads/plaquette/", visitor)

    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == status
    assert subscriber.source == Subscriber.Source.SIGNUP_PAGE
    # What was unknown is filled in; the request is on record.
    assert subscriber.organization_name == "Région Occitanie"
    assert DownloadRequest.objects.filter(subscriber=subscriber).count() == 1


def test_download_keeps_a_confirmed_subscriber_confirmed(brochure, visitor, client):
    Subscriber.objects.create(
        email="lea.martin@example.org",
        status=Subscriber.Status.CONFIRMED,
        source=Subscriber.Source.SIGNUP_PAGE,
        organization_name="Ancienne structure",
    )

    client.post("/en/press/downloads/plaquette/", visitor)

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.organization_name == "Ancienne structure"


def test_unsubscribed_person_asking_for_the_newsletter_gets_a_new_opt_in(
    brochure, visitor, client, django_capture_on_commit_callbacks, mailoutbox
):
    Subscriber.objects.create(
        email="lea.martin@example.org",
        status=Subscriber.Status.UNSUBSCRIBED,
        source=Subscriber.Source.SIGNUP_PAGE,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/press/downloads/plaquette/", {**visitor, "subscribe": "on"})

    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    # Pending until the person clicks the link of the confirmation email.
    assert subscriber.status == Subscriber.Status.PENDING
    assert [message.to for message in mailoutbox] == [["lea.martin@example.org"]]
    assert DownloadRequest.objects.filter(subscriber=subscriber).count() == 1


def test_new_visitor_asking_for_the_newsletter_is_pending_not_a_lead(brochure, visitor, client):
    client.post("/en/press/downloads/plaquette/", {**visitor, "subscribe": "on"})

    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_forged_or_foreign_download_link_sends_back_to_the_form(brochure, visitor, client):
    other = _asset("autre", gated=True)
    outcome = services.download_request_record(
        asset=other,
        email="x@example.org",
        first_name="X",
        last_name="Y",
        organization_name="Z",
        language="fr",
        subscribe=False,
    )
    token_for_other = services.download_token_make(download_request=outcome.request)

    forged = client.get("/en/press/downloads/plaquette/not-a-token/")
    foreign = client.get(f"/en/press/downloads/plaquette/{token_for_other}/")

    assert forged.status_code == 302
    assert forged["Location"] == "/en/press/downloads/plaquette/"
    assert foreign.status_code == 302


def test_download_link_expires(brochure, client, monkeypatch):
    outcome = services.download_request_record(
        asset=brochure,
        email="x@example.org",
        first_name="X",
        last_name="Y",
        organization_name="Z",
        language="fr",
        subscribe=False,
    )
    token = services.download_token_make(download_request=outcome.request)
    assert client.get(f"/en/press/downloads/plaquette/{token}/").status_code == 200
    later = time.time() + services.DOWNLOAD_LINK_MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    expired = client.get(f"/en/press/downloads/plaquette/{token}/")

    assert expired.status_code == 302


# --- press back-office ----------------------------------------------------------------------


def test_staff_press_release_needs_a_real_pdf(personas, client_for):
    client = client_for("staff")
    data = {"title_fr": "Communiqué", "body_fr": "Texte", "published_on": "2026-03-01"}

    refused = client.post(
        "/en/staff/press/releases/new/",
        {**data, "pdf": SimpleUploadedFile("cp.pdf", b"<html>", content_type="application/pdf")},
    )
    assert refused.status_code == 200
    assert _field_errors(refused.content.decode(), "pdf").strip()
    assert not PressRelease.objects.exists()

    accepted = client.post(
        "/en/staff/press/releases/new/",
        {**data, "is_published": "on", "pdf": SimpleUploadedFile("cp.pdf", b"%PDF-1.4 cp")},
    )
    assert accepted.status_code == 302
    release = PressRelease.objects.get()
    assert release.is_published and release.pdf.name.endswith(".pdf")
    assert release.slug == "communique"


def test_staff_asset_upload_checks_the_extension(personas, client_for):
    client = client_for("staff")
    data = {"kind": "brochure", "title_fr": "Plaquette", "is_gated": "on", "is_published": "on"}

    refused = client.post(
        "/en/staff/press/downloads/new/",
        {**data, "upload": SimpleUploadedFile("plaquette.exe", b"MZ")},
    )
    assert _field_errors(refused.content.decode(), "upload").strip()
    assert not PressAsset.objects.exists()

    client.post(
        "/en/staff/press/downloads/new/",
        {**data, "upload": SimpleUploadedFile("plaquette.pdf", b"%PDF-1.4 p")},
    )
    asset = PressAsset.objects.get()
    assert asset.is_gated
    # The stored name cannot be guessed from the title.
    assert re.fullmatch(r"press/assets/plaquette-[\w-]{16}\.pdf", asset.file.name)


def test_staff_logs_and_exports_coverage_safely(personas, client_for):
    client = client_for("staff")

    response = client.post(
        "/en/staff/press/coverage/new/",
        {
            "published_on": "2026-04-02",
            "outlet": '=HYPERLINK("http://evil")',
            "title": "Portrait du cluster",
            "url": "https://journal.example/portrait",
            "audience": "12000",
        },
    )
    assert response.status_code == 302

    export = client.get("/en/staff/press/coverage/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == "12000"


def test_coverage_with_a_bad_link_is_refused(personas, client_for):
    response = client_for("staff").post(
        "/en/staff/press/coverage/new/",
        {"published_on": "2026-04-02", "outlet": "Journal", "title": "T", "url": "pas un lien"},
    )

    assert _field_errors(response.content.decode(), "url").strip()
    assert not MediaCoverage.objects.exists()


def test_staff_download_requests_list_and_export(personas, client_for, brochure, visitor):
    client_for("anonymous").post("/en/press/downloads/plaquette/", visitor)
    client = client_for("staff")

    page = client.get("/en/staff/press/requests/")
    export = client.get("/en/staff/press/requests/", {"export": "xlsx"})

    assert "lea.martin@example.org" in page.content.decode()
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('.xlsx"')


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, header's "is a member" check; the count and the page; the count of
        # member news to moderate.
        ("/en/staff/news/", 6),
        ("/en/staff/press/coverage/", 5),
        # ... the count and the page of requests with their subscribers and documents.
        ("/en/staff/press/requests/", 5),
        # ... the count and the page of releases, then the downloads.
        ("/en/staff/press/", 6),
    ],
)
def test_staff_press_pages_query_count_does_not_grow(
    personas, client_for, django_assert_num_queries, url, queries, count
):
    brochure = _asset("plaquette", gated=True)
    for number in range(count):
        _article(f"article-{number}")
        PressRelease.objects.create(slug=f"cp-{number}", title_fr="CP", body_fr="x")
        _asset(f"fichier-{number}", gated=False)
        MediaCoverage.objects.create(
            published_on=datetime.date(2026, 2, 1), outlet=f"Journal {number}", title="Article"
        )
        services.download_request_record(
            asset=brochure,
            email=f"lecteur{number}@example.org",
            first_name="Léa",
            last_name="Martin",
            organization_name="Presse",
            language="fr",
            subscribe=False,
        )
    client = client_for("staff")

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


def test_staff_preview_a_draft_that_others_cannot_see(personas, client_for):
    _article("brouillon", is_published=False)
    PressRelease.objects.create(slug="cp-brouillon", title_fr="CP", body_fr="x")

    for persona in NON_STAFF:
        assert client_for(persona).get("/en/news/brouillon/").status_code == 404
    staff = client_for("staff")
    article = staff.get("/en/news/brouillon/")
    release = staff.get("/en/press/releases/cp-brouillon/")

    assert "Preview: this article is not public yet." in article.content.decode()
    assert "Preview: this press release is not public yet." in release.content.decode()


def test_gated_download_asking_for_the_newsletter_is_limited_like_the_sign_up(
    brochure, visitor, client
):
    for number in range(subscription_services.SIGNUPS_PER_HOUR):
        response = client.post(
            "/en/press/downloads/plaquette/",
            {**visitor, "email": f"a{number}@example.org", "subscribe": "on"},
        )
        assert response.status_code == 302

    response = client.post(
        "/en/press/downloads/plaquette/",
        {**visitor, "email": "one-more@example.org", "subscribe": "on"},
    )

    assert response.status_code == 429
    assert b"Too many sign-ups" in response.content
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()
    # Without the newsletter nothing is emailed: the download itself is not limited.
    response = client.post(
        "/en/press/downloads/plaquette/", {**visitor, "email": "one-more@example.org"}
    )
    assert response.status_code == 302
