"""French read in the pages: words used in the right sense, counts that agree, and English
pages that say so when they show French.

One English word may need two French ones ("Register": the register, to register, to
register someone; "Confirmed": a status, a date column): such msgids carry a context
(pgettext). Walks cover the families: every status label of every model, every count
sentence of the catalogue.
"""

import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation

from communications.models import NewsArticle
from core.tests.factories import UserFactory
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.tests.factories import ContactFactory
from tests.project_apps import PROJECT_APPS

FRENCH = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _staff(client):
    client.force_login(
        UserFactory(is_staff=True), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def _buttons(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", text).strip()
        for text in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


@pytest.mark.django_db
def test_a_visitor_registers_and_staff_register_someone_in_french(client):
    from events.models import Event

    event = EventFactory(audience=Event.Audience.PUBLIC)
    guest = client.get(f"/fr/events/{event.slug}/guest/").content.decode()
    assert "S&#x27;inscrire" in guest or "S'inscrire" in guest
    assert "Registre" not in guest

    staff = _staff(client)
    ContactFactory(first_name="Noémie", last_name="Inscrite")
    someone = staff.get(
        f"/fr/events/{event.slug}/register-someone/", {"q": "noemie"}
    ).content.decode()
    # The button beside each contact found: "Inscrire", the verb, with the name for
    # screen readers.
    assert any(button.startswith("Inscrire") for button in _buttons(someone))
    dashboard = staff.get("/fr/staff/").content.decode()
    assert re.search(r'<h2 id="register-title">Registre</h2>', dashboard)


@pytest.mark.django_db
def test_a_confirmed_registration_reads_as_a_status_not_a_date(client):
    registration = RegistrationFactory()
    with translation.override("fr"):
        assert registration.get_status_display() == "Confirmée"


def _status_labels():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                yield f"{model.__name__}.{field.name}={value}", label


def test_no_status_label_reads_as_a_date_column_in_french():
    labels = list(_status_labels())
    assert len(labels) > 50  # the walk found the models' choices
    with translation.override("fr"):
        dated = [
            (name, str(label)) for name, label in labels if re.search(r"\b(le|du|au)$", str(label))
        ]
    assert not dated, dated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("present", "confirmed", "french"),
    [
        (0, 1, "0 présent sur 1 confirmé"),
        (1, 1, "1 présent sur 1 confirmé"),
        (2, 3, "2 présents sur 3 confirmés"),
    ],
)
def test_check_in_counts_agree_with_their_number(client, present, confirmed, french):
    event = EventFactory()
    for index in range(confirmed):
        RegistrationFactory(
            event=event,
            attendance=Registration.Attendance.PRESENT if index < present else "",
        )
    html = _staff(client).get(f"/fr/events/{event.slug}/check-in/").content.decode()
    counts = re.search(r'<p id="checkin-counts"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert counts.strip() == french


# Count sentences: a placeholder followed by a French plural, in an entry without plural
# forms, reads "1 présents". Constants that are never 1 are listed with their reason.
NEVER_ONE = {
    "The file has more than %(limit)s rows: split it in several files.": "limit is 5,000",
    "Someone, probably you, asked to receive the newsletter of %(cluster_name)s at this "
    "address. To confirm, open this link, then press the button on the page (valid for "
    "%(valid_days)s days):": "valid_days is 7",
    "Someone, probably you, answered “%(title)s” with this address. To count these answers, "
    "open this link, then press the button on the page (valid for %(valid_days)s days):": (
        "valid_days is 3"
    ),
}
# Words after a count that are no nouns, and unit symbols ("120 ms"), which never agree.
NOT_NOUNS = {"dans", "sous", "sans", "plus", "moins", "depuis", "après", "vers", "chez", "mais"}
NOT_NOUNS |= {"ms"}


def test_every_count_sentence_of_the_catalogue_has_plural_forms():
    catalogue = polib.pofile(str(FRENCH))
    frozen = []
    for entry in catalogue:
        if entry.msgid_plural or entry.obsolete or entry.msgid in NEVER_ONE:
            continue
        for match in re.finditer(r"%\(\w+\)[sd] ([a-zéèêàç]+s)\b", entry.msgstr):
            if match.group(1) not in NOT_NOUNS:
                frozen.append((entry.msgid, match.group(0)))
    assert not frozen, frozen


@pytest.mark.django_db
def test_english_news_shows_the_missing_translation_as_french(client):
    NewsArticle.objects.create(
        title_fr="Rencontre régionale",
        title_en="Regional meeting",
        slug="rencontre",
        summary_fr="Un résumé en français.",
        body_fr="Le texte.",
        is_published=True,
        published_at=timezone.now(),
    )
    listing = client.get("/en/news/").content.decode()
    assert '<span lang="fr">Un résumé en français.</span>' in listing
    assert "(in French: no English version yet)" in listing
    assert "Regional meeting" in listing and "Rencontre régionale" not in listing
    detail = client.get("/en/news/rencontre/").content.decode()
    assert '<div class="prose" lang="fr">' in detail
    assert "no English version yet" not in client.get("/fr/news/rencontre/").content.decode()


@pytest.mark.django_db
def test_my_data_describes_each_consent_in_the_pages_language(client_for):
    client = client_for("member_contact")
    english = client.get("/en/space/my-data/").content.decode()
    french = client.get("/fr/space/my-data/").content.decode()
    assert "Receive the cluster&#x27;s newsletter by email." in english
    assert "Recevoir la lettre d&#x27;information du cluster par e-mail." in french


@pytest.mark.django_db
def test_english_event_and_profile_pages_flag_descriptions_left_in_french(client):
    from events.models import Event
    from members.tests.factories import OrganizationFactory

    event = EventFactory(
        audience=Event.Audience.PUBLIC, description_fr="Un atelier.", description_en=""
    )
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert '<div class="prose" lang="fr"><p>Un atelier.</p></div>' in page
    assert "(in French: no English version yet)" in page
    organization = OrganizationFactory(
        description_fr="Nous concevons des robots.",
        description_en="We design robots.",
        offer_fr="Des cobots.",
        directory_consent_at=timezone.now(),
    )
    profile = client.get(f"/en/members/{organization.slug}/").content.decode()
    assert "We design robots." in profile and "Nous concevons" not in profile
    assert '<div class="prose" lang="fr"><p>Des cobots.</p></div>' in profile
    french = client.get(f"/fr/members/{organization.slug}/").content.decode()
    assert "no English version" not in french and 'lang="fr"><p>' not in french
