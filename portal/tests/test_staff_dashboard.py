"""The animators' dashboard: tiles that lead to their lists, new applications and guest
registrations signalled per animator, and the emails an animator may ask for."""

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AnimatorPreferences
from core.tests.factories import UserFactory
from events.models import Event, Registration
from events.services import registrations
from events.tests.factories import EventFactory
from members.models import Organization
from members.selectors import joining as joining_selectors
from members.services import joining
from members.tests.factories import OrganizationFactory, application_submitted

DASHBOARD = "/fr/staff/"


def _apply(name: str) -> None:
    application_submitted(
        name=name, siren="", headcount_band="", email=f"contact@{name.lower()}.example"
    )


def _guest(event: Event, email: str) -> Registration:
    registration = registrations.registration_guest_request(
        event=event,
        email=email,
        first_name="Invité",
        last_name="Public",
        organization_name="Mairie",
        language="fr",
    )
    return registrations.registration_confirm(registration=registration)


@pytest.fixture
def public_event(db) -> Event:
    return EventFactory(audience=Event.Audience.PUBLIC, title_fr="Forum public")


def _tile(html: str, tile: str) -> str:
    start = html.index(f'id="tile-{tile}"')
    return html[start : html.index("</div>", start)]


def test_tiles_and_upcoming_events_are_links(client_for, personas, public_event):
    html = client_for("staff").get(DASHBOARD).content.decode()
    for value in Organization.Lifecycle.values:
        assert f'href="/fr/staff/organizations/?lifecycle={value}"' in html
    assert '<a href="/fr/staff/contacts/">Contacts</a>' in html
    assert '<a href="/fr/staff/contacts/">Contacts disposant' in html
    assert f'href="/fr/staff/events/{public_event.pk}/"' in html
    assert 'href="/fr/staff/applications/"' in html
    assert 'href="/fr/staff/events/guests/"' in html


def test_new_applications_count_until_the_animator_opens_the_queue(client_for, personas):
    client = client_for("staff")
    _apply("Alpha")
    _apply("Beta")
    tile = _tile(client.get(DASHBOARD).content.decode(), "applications")
    assert "<dd>2</dd>" in tile and "2 nouvelles" in tile

    client.get("/fr/staff/applications/")
    tile = _tile(client.get(DASHBOARD).content.decode(), "applications")
    assert "<dd>2</dd>" in tile and "nouvelle" not in tile
    _apply("Gamma")
    tile = _tile(client.get(DASHBOARD).content.decode(), "applications")
    assert "<dd>3</dd>" in tile and "1 nouvelle" in tile
    # Each animator has their own "last look".
    colleague = UserFactory(is_staff=True)
    client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    assert "3 nouvelles" in _tile(client.get(DASHBOARD).content.decode(), "applications")


def test_new_guest_registrations_count_until_the_animator_opens_their_list(
    client_for, personas, public_event
):
    client = client_for("staff")
    _guest(public_event, "un@invite.example")
    _guest(public_event, "deux@invite.example")
    # A guest who never confirmed is no registration yet.
    registrations.registration_guest_request(
        event=public_event,
        email="trois@invite.example",
        first_name="Pas",
        last_name="Confirmé",
        organization_name="",
        language="fr",
    )
    assert "<dd>2</dd>" in _tile(client.get(DASHBOARD).content.decode(), "guests")

    page = client.get("/fr/staff/events/guests/").content.decode()
    assert page.count("guest-registration--new") == 2
    assert "trois@invite.example" not in page
    assert "<dd>0</dd>" in _tile(client.get(DASHBOARD).content.decode(), "guests")
    assert "guest-registration--new" not in client.get("/fr/staff/events/guests/").content.decode()


def test_animator_chooses_emails_in_the_ui_and_gets_each_arrival_once(
    client_for, personas, public_event, django_capture_on_commit_callbacks
):
    personas.staff.preferred_language = "en"
    personas.staff.save()
    quiet_colleague = UserFactory(is_staff=True)
    client = client_for("staff")
    page = client.get("/fr/staff/notifications/").content.decode()
    assert 'name="email_new_applications"' in page
    response = client.post(
        "/fr/staff/notifications/",
        {"email_new_applications": "on", "email_guest_registrations": "on"},
    )
    assert response.status_code == 302
    preferences = AnimatorPreferences.objects.get(user=personas.staff)
    assert preferences.email_new_applications and preferences.email_guest_registrations
    assert not AnimatorPreferences.objects.filter(user=quiet_colleague).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _apply("Delta")
    to_staff = [m for m in mail.outbox if m.to == [personas.staff.email]]
    assert len(to_staff) == 1
    message = to_staff[0]
    assert "New membership application: Delta" in message.subject
    # The link is in the animator's language.
    assert "/en/staff/applications/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert not [m for m in mail.outbox if quiet_colleague.email in m.to]
    # The same arrival never makes a second email, even when the task runs again.
    application = joining_selectors.application_queue().get(organization__name="Delta")
    assert joining.application_animators_notify(application=application) == 0

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration = _guest(public_event, "quatre@invite.example")
    to_staff = [m for m in mail.outbox if m.to == [personas.staff.email]]
    assert len(to_staff) == 1
    assert "New guest registration" in to_staff[0].subject
    assert "/en/staff/events/guests/" in to_staff[0].body
    assert registrations.guest_registration_animators_notify(registration=registration) == 0

    # Switched off: nothing more.
    assert client.post("/fr/staff/notifications/", {}).status_code == 302
    preferences.refresh_from_db()
    assert not preferences.email_new_applications
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _apply("Epsilon")
    assert not [m.subject for m in mail.outbox if personas.staff.email in m.to]


@pytest.mark.parametrize("size", [1, 12])
def test_guest_list_query_count_does_not_grow(
    client_for, personas, public_event, django_assert_num_queries, size
):
    for number in range(size):
        _guest(public_event, f"g{number}@invite.example")
    client = client_for("staff")
    # session, user, the animator's preferences, the count, the page with its events, the
    # "seen" upsert, the header's "is a member" check.
    with django_assert_num_queries(7):
        response = client.get("/fr/staff/events/guests/")
    assert response.content.decode().count('class="guest-registration') == size


@pytest.mark.parametrize("size", [1, 12])
def test_follow_up_list_query_count_does_not_grow(
    client_for, personas, django_assert_num_queries, size
):
    from members.models import Interaction

    for number in range(size):
        Interaction.objects.create(
            organization=personas.org_a,
            kind=Interaction.Kind.CALL,
            summary=f"Suivi {number}",
            author=personas.staff,
            follow_up_on=timezone.localdate(),
        )
    client = client_for("staff")
    # session, user, the count, the page (organization and author joined), the header.
    with django_assert_num_queries(5):
        response = client.get("/fr/staff/follow-ups/")
    assert response.content.decode().count('class="follow-up"') == size


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_count_does_not_grow(client_for, personas, django_assert_num_queries, size):
    from members.models import Interaction
    from members.tests.factories import OrganizationFactory

    for number in range(size):
        OrganizationFactory(lifecycle=Organization.Lifecycle.MEMBER)
        EventFactory(starts_at=timezone.now() + timezone.timedelta(days=number + 1))
        Interaction.objects.create(
            organization=personas.org_a,
            kind=Interaction.Kind.CALL,
            summary=f"**Suivi** {number}",
            author=personas.staff,
            follow_up_on=timezone.localdate(),
        )
    client = client_for("staff")
    client.get(DASHBOARD)  # the quarter's figures, kept a few minutes in the cache
    # session, user; organizations by lifecycle; the animator's preferences; contacts and
    # logins; organizations by segment; applications; offers to moderate; company news to
    # moderate; reported messages; new guest registrations; the follow-ups shown and their
    # count; this quarter's and the last one's reports; the upcoming events; the header's
    # "is a member" check.
    with django_assert_num_queries(16):
        response = client.get(DASHBOARD)
    html = response.content.decode()
    assert html.count('class="follow-up') == min(size, 10)
    assert "Suivi 0" in html and "**" not in html
    members = Organization.objects.filter(lifecycle=Organization.Lifecycle.MEMBER).count()
    assert (
        f'?lifecycle=member">{Organization.Lifecycle.MEMBER.label}</a></dt><dd>{members}<' in html
    )


def test_collaboration_tiles_count_the_quarter_and_lead_to_their_lists(client_for, personas):
    from collaboration.models import Introduction, Opportunity

    Introduction.objects.create(
        requester=personas.org_a,
        target=personas.org_b,
        status=Introduction.Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    Introduction.objects.create(requester=personas.org_b, target=OrganizationFactory(name="Gamma"))
    for number, status in enumerate(["pending", "pending", "published"]):
        Opportunity.objects.create(
            kind="internship",
            slug=f"stage-{number}",
            title="Stage",
            description="Six mois.",
            organization=personas.org_a,
            apply_url="https://example.org/",
            expires_on=timezone.localdate() + timezone.timedelta(days=30),
            status=status,
            published_at=timezone.now() if status == "published" else None,
            first_published_at=timezone.now() if status == "published" else None,
        )

    html = client_for("staff").get(DASHBOARD).content.decode()

    moderation = _tile(html, "moderation")
    assert 'href="/fr/staff/opportunities/moderation/"' in moderation
    assert (
        "<dd>2</dd>" in moderation
        and "figure--new" in html[: html.index('id="tile-moderation"') + 20]
    )
    introductions = _tile(html, "introductions")
    assert 'href="/fr/staff/introductions/"' in introductions
    assert "<dd>1</dd>" in introductions and "2 demandées" in introductions
    assert "<dd>1</dd>" in _tile(html, "opportunities")
    assert 'href="/fr/staff/collaboration/calls/board/"' in _tile(html, "projects")


def test_community_tiles_count_what_waits_for_staff_and_lead_to_it(client_for, personas):
    from communications.models import NewsArticle
    from community.models import DiscussionMessage, MessageReport, Thread
    from members.models import WorkingGroup

    for number, moderation in enumerate(("pending", "pending", "published")):
        NewsArticle.objects.create(
            slug=f"actualite-{number}",
            title_fr="Nouveau produit",
            body_fr="Texte.",
            organization=personas.org_a,
            kind=NewsArticle.Kind.PRODUCT,
            moderation=moderation,
            is_published=moderation == "published",
        )
    group = WorkingGroup.objects.create(name_fr="Cybersécurité", slug="cyber")
    contact = personas.member_contact.contact
    thread = Thread.objects.create(group=group, title="Audit", author=contact)
    message = DiscussionMessage.objects.create(thread=thread, author=contact, body="…")
    MessageReport.objects.create(message=message, reporter=contact, reason="Hors sujet")
    MessageReport.objects.create(
        message=message, reporter=contact, reason="Doublon", status=MessageReport.Status.RESOLVED
    )

    html = client_for("staff").get(DASHBOARD).content.decode()

    news = _tile(html, "member-news")
    assert 'href="/fr/staff/member-news/?status=pending"' in news and "<dd>2</dd>" in news
    reported = _tile(html, "reported-messages")
    assert 'href="/fr/staff/discussions/reports/?status=open"' in reported
    assert "<dd>1</dd>" in reported
