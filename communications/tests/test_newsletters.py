"""Newsletter services: double opt-in, unsubscribe, audiences, sending and tracking."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.db import models
from django.utils import timezone

from communications.models import Delivery, Newsletter, Subscriber
from communications.selectors import audiences
from communications.selectors import newsletters as newsletter_selectors
from communications.services import newsletters, subscriptions
from members.models import Affiliation, ConsentRecord, Organization, WorkingGroup
from members.models.groups import WorkingGroupMember
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _request(email="camille@example.org", language="fr", **kwargs):
    return subscriptions.subscription_request(
        email=email,
        language=language,
        source=Subscriber.Source.SIGNUP_PAGE,
        consent_text_version=subscriptions.CONSENT_TEXT_VERSION,
        **kwargs,
    )


def _confirm_token_from(message) -> str:
    match = re.search(r"/newsletter/confirm/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def _subscribe(django_capture_on_commit_callbacks, **kwargs) -> Subscriber:
    with django_capture_on_commit_callbacks(execute=True):
        _request(**kwargs)
    return subscriptions.subscription_confirm(token=_confirm_token_from(mail.outbox[-1]))


# Double opt-in


def test_subscription_request_is_pending_and_emails_a_confirmation_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = _request(email="  Camille@Example.org ", first_name="Camille")

    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.email == "camille@example.org"
    assert subscriber.consent_text_version == subscriptions.CONSENT_TEXT_VERSION
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    html = mail.outbox[0].alternatives[0][0]
    token = _confirm_token_from(mail.outbox[0])
    assert f"/fr/newsletter/confirm/{token}/" in html

    confirmed = subscriptions.subscription_confirm(token=token)

    assert confirmed.pk == subscriber.pk
    assert confirmed.status == Subscriber.Status.CONFIRMED
    assert confirmed.confirmed_at is not None


def test_confirmation_link_expires_after_seven_days(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = _request()
    token = _confirm_token_from(mail.outbox[0])
    later = timezone.now() + timedelta(days=7, minutes=1)

    with mock.patch("django.utils.timezone.now", return_value=later):
        with pytest.raises(subscriptions.InvalidLink):
            subscriptions.subscription_confirm(token=token)

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_tampered_confirmation_link_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _request()
    token = _confirm_token_from(mail.outbox[0])

    with pytest.raises(subscriptions.InvalidLink):
        subscriptions.subscription_confirm(
            token=token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
        )
    # A link signed for another purpose (here: unsubscribing) confirms nothing either.
    with pytest.raises(subscriptions.InvalidLink):
        subscriptions.subscription_confirm(
            token=subscriptions.unsubscribe_token(email="camille@example.org")
        )


def test_confirmed_address_asking_again_stays_confirmed_and_gets_no_email(
    django_capture_on_commit_callbacks,
):
    subscriber = _subscribe(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = _request()

    assert again.pk == subscriber.pk
    assert again.status == Subscriber.Status.CONFIRMED
    assert mail.outbox == []


@pytest.mark.parametrize("cancel", ["unsubscribe", "bounce"])
def test_coming_back_after_unsubscribe_or_bounce_needs_a_new_opt_in(
    django_capture_on_commit_callbacks, cancel
):
    subscriber = _subscribe(django_capture_on_commit_callbacks)
    old_token = _confirm_token_from(mail.outbox[-1])
    if cancel == "unsubscribe":
        subscriptions.subscription_cancel(email=subscriber.email)
    else:
        subscriptions.subscriber_bounce(email=subscriber.email, reason="550 no such user")
    # The old confirmation link does not bring the address back.
    with pytest.raises(subscriptions.InvalidLink):
        subscriptions.subscription_confirm(token=old_token)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = _request()

    assert again.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    subscriptions.subscription_confirm(token=_confirm_token_from(mail.outbox[0]))
    again.refresh_from_db()
    assert again.status == Subscriber.Status.CONFIRMED


def test_unsubscribing_a_member_contact_creates_the_suppression_and_records_the_consent():
    contact = ContactFactory(email="Lea@Alpha.test")

    subscriber = subscriptions.subscription_cancel(email="lea@alpha.test")

    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.contact == contact
    record = ConsentRecord.objects.get(contact=contact)
    assert (record.purpose, record.granted) == (ConsentRecord.Purpose.NEWSLETTER, False)


def test_member_space_subscription_is_confirmed_at_once_with_a_consent_record():
    contact = ContactFactory(email="lea@alpha.test", preferred_language="en")

    subscriber = subscriptions.subscription_member_set(contact=contact, subscribed=True)

    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.language == "en"
    assert ConsentRecord.objects.get(contact=contact).granted is True
    subscriptions.subscription_member_set(contact=contact, subscribed=False)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


# Audiences


def _subscriber(email, status=Subscriber.Status.CONFIRMED, language="fr", **kwargs):
    return Subscriber.objects.create(
        email=email, status=status, source=Subscriber.Source.STAFF, language=language, **kwargs
    )


def _emails(audience: dict) -> list[str]:
    return sorted(r.email for r in audiences.audience_recipients(audience=audience))


def test_subscriber_audience_is_only_confirmed_subscribers():
    _subscriber("ok@example.org")
    for status in ("pending", "unsubscribed", "bounced", "lead"):
        _subscriber(f"{status}@example.org", status=status)

    assert _emails({"subscribers": True}) == ["ok@example.org"]


def test_member_audience_is_contacts_of_member_organizations():
    AffiliationFactory(contact__email="member@alpha.test")
    AffiliationFactory(
        contact__email="prospect@gamma.test",
        organization__lifecycle=Organization.Lifecycle.PROSPECT,
    )
    ContactFactory(email="nobody@example.org")

    assert _emails({"members": True}) == ["member@alpha.test"]


def test_each_contact_filter_selects_its_contacts():
    prospect = Organization.Lifecycle.PROSPECT
    AffiliationFactory(
        contact__email="boss@a.test",
        position=Affiliation.Position.EXECUTIVE,
        organization__lifecycle=prospect,
    )
    AffiliationFactory(
        contact__email="fan@b.test",
        organization__segment="acquired",
        organization__lifecycle=prospect,
    )
    AffiliationFactory(
        contact__email="lab@c.test",
        organization__kind=Organization.Kind.RESEARCH_LAB,
        organization__lifecycle=prospect,
    )
    AffiliationFactory(
        contact__email="south@d.test", organization__region="76", organization__lifecycle=prospect
    )
    group = WorkingGroup.objects.create(name_fr="IA", slug="ia")
    in_group = ContactFactory(email="group@e.test")
    WorkingGroupMember.objects.create(
        group=group, contact=in_group, status=WorkingGroupMember.Status.ACCEPTED
    )
    WorkingGroupMember.objects.create(
        group=group,
        contact=ContactFactory(email="asked@e.test"),
        status=WorkingGroupMember.Status.REQUESTED,
    )

    assert _emails({"positions": ["executive"]}) == ["boss@a.test"]
    assert _emails({"segments": ["acquired"]}) == ["fan@b.test"]
    assert _emails({"kinds": ["research_lab"]}) == ["lab@c.test"]
    assert _emails({"regions": ["76"]}) == ["south@d.test"]
    assert _emails({"groups": [group.pk]}) == ["group@e.test"]
    assert _emails({"kinds": ["research_lab"], "regions": ["76"], "groups": [group.pk]}) == [
        "group@e.test",
        "lab@c.test",
        "south@d.test",
    ]


def test_audience_union_is_deduplicated_by_lower_cased_address_subscriber_language_wins():
    _subscriber("same@alpha.test", language="en")
    AffiliationFactory(contact__email="Same@Alpha.test", contact__preferred_language="fr")
    # Two affiliations of one contact: still one recipient.
    contact = ContactFactory(email="two@alpha.test")
    AffiliationFactory(contact=contact)
    AffiliationFactory(contact=contact)

    recipients = audiences.audience_recipients(audience={"subscribers": True, "members": True})

    assert sorted(r.email for r in recipients) == ["same@alpha.test", "two@alpha.test"]
    assert {r.email: r.language for r in recipients}["same@alpha.test"] == "en"


def test_unsubscribed_bounced_withdrawn_and_anonymised_are_never_included():
    AffiliationFactory(contact__email="Gone@alpha.test")
    _subscriber("gone@alpha.test", status=Subscriber.Status.UNSUBSCRIBED)
    AffiliationFactory(contact__email="bounced@alpha.test")
    _subscriber("bounced@alpha.test", status=Subscriber.Status.BOUNCED)
    withdrawn = AffiliationFactory(contact__email="withdrawn@alpha.test").contact
    ConsentRecord.objects.create(
        contact=withdrawn,
        purpose=ConsentRecord.Purpose.NEWSLETTER,
        granted=False,
        source=ConsentRecord.Source.MEMBER_SPACE,
        text_version="v1",
    )
    AffiliationFactory(contact__email="erased@alpha.test", contact__anonymised_at=timezone.now())
    AffiliationFactory(contact__email="")
    AffiliationFactory(contact__email="kept@alpha.test")

    assert _emails({"subscribers": True, "members": True, "regions": [""]}) == ["kept@alpha.test"]


def test_audience_takes_two_queries_whatever_its_size(django_assert_num_queries):
    for number in range(30):
        _subscriber(f"s{number}@example.org")
        AffiliationFactory(contact__email=f"c{number}@example.org")
    audience = {"subscribers": True, "members": True, "kinds": ["company"], "regions": ["76"]}

    with django_assert_num_queries(2):
        recipients = audiences.audience_recipients(audience=audience)

    assert len(recipients) == 60


# Sending


class CountingBackend(EmailBackend):
    """locmem, counting the connections opened (one per batch is the contract)."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return True


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    return CountingBackend


def _newsletter(**kwargs) -> Newsletter:
    defaults = {
        "subject_fr": "Lettre de décembre",
        "subject_en": "December letter",
        "body_fr": "Bonjour **à tous**. [Le site](https://example.org/page?a=1&b=2)",
        "body_en": "Hello **everyone**. [The site](https://example.org/page?a=1&b=2)",
        "slug": "lettre-decembre",
        "audience": {"subscribers": True},
        "include_news": False,
        "include_events": False,
        "include_new_members": False,
    }
    return Newsletter.objects.create(**{**defaults, **kwargs})


def test_send_writes_deliveries_then_sends_multipart_personalised_in_each_language(
    counting_backend, settings
):
    settings.NEWSLETTER_FROM_EMAIL = "Lettre <lettre@cluster.test>"
    settings.NEWSLETTER_REPLY_TO = "equipe@cluster.test"
    _subscriber("fr@example.org", first_name="Camille", last_name="Martin")
    _subscriber("en@example.org", language="en", first_name="Jo")
    newsletter = _newsletter(subject_en="December letter: R&D <news>")

    newsletter = newsletters.newsletter_send(newsletter=newsletter)

    assert newsletter.status == Newsletter.Status.SENT
    assert newsletter.recipient_count == 2
    assert set(Delivery.objects.filter(newsletter=newsletter).values_list("email", "status")) == {
        ("fr@example.org", "sent"),
        ("en@example.org", "sent"),
    }
    messages = {message.to[0]: message for message in mail.outbox}
    french, english = messages["fr@example.org"], messages["en@example.org"]
    assert french.subject == "Lettre de décembre"
    assert english.subject == "December letter: R&D <news>"
    assert french.from_email == "Lettre <lettre@cluster.test>"
    assert french.reply_to == ["equipe@cluster.test"]
    assert "Camille Martin" in french.body and "à tous" in french.body
    assert "Hello Jo," in english.body and "everyone" in english.body
    html = french.alternatives[0][0]
    assert french.alternatives[0][1] == "text/html"
    assert "<strong>à tous</strong>" in html
    assert 'href="https://example.org/page?a=1&amp;b=2"' in html
    assert "/fr/newsletter/lettre-decembre/" in html
    assert "/en/newsletter/lettre-decembre/" in english.body
    # RFC 8058 one-click unsubscribe, with the recipient's own signed link.
    header = re.fullmatch(
        r"<(http://127\.0\.0\.1:8000/fr/newsletter/unsubscribe/([^/]+)/)>",
        french.extra_headers["List-Unsubscribe"],
    )
    assert subscriptions.email_from_unsubscribe_token(header.group(2)) == "fr@example.org"
    assert french.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.group(1) in french.body and header.group(1) in html
    preferences = re.search(r"/fr/newsletter/preferences/([^/]+)/", french.body).group(1)
    assert subscriptions.email_from_preferences_token(preferences) == "fr@example.org"
    # No tracking unless asked for.
    assert "/newsletter/o/" not in html and "/newsletter/c/" not in html


def test_send_uses_one_connection_per_batch(counting_backend, settings):
    settings.NEWSLETTER_BATCH_SIZE = 4
    for number in range(10):
        _subscriber(f"r{number}@example.org")

    newsletters.newsletter_send(newsletter=_newsletter())

    assert len(mail.outbox) == 10
    assert counting_backend.opened == 3


def test_rate_limit_sleeps_between_batches(counting_backend, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_RATE_PER_SECOND = 10
    for number in range(4):
        _subscriber(f"r{number}@example.org")

    with mock.patch("communications.services.newsletters.time.sleep") as sleep:
        newsletters.newsletter_send(newsletter=_newsletter())

    assert sleep.call_count == 2
    assert all(0 < call.args[0] <= 0.2 for call in sleep.call_args_list)


def test_sending_twice_sends_once_and_adds_nobody(counting_backend):
    _subscriber("a@example.org")
    newsletter = _newsletter()
    newsletters.newsletter_send(newsletter=newsletter)
    # Subscribed after the send started: not part of this issue.
    _subscriber("late@example.org")

    newsletters.newsletter_send(newsletter=newsletter)

    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    assert Delivery.objects.filter(newsletter=newsletter).count() == 1


def test_retry_after_an_interrupted_send_sends_only_the_queued_rows(counting_backend):
    for number in range(5):
        _subscriber(f"r{number}@example.org")
    newsletter = newsletters.newsletter_deliveries_prepare(newsletter=_newsletter())
    # A previous worker got through two messages before it died.
    first_two = list(Delivery.objects.filter(newsletter=newsletter).order_by("pk")[:2])
    Delivery.objects.filter(pk__in=[d.pk for d in first_two]).update(
        status=Delivery.Status.SENT, sent_at=timezone.now()
    )

    newsletters.newsletter_send(newsletter=newsletter)

    sent_to = sorted(message.to[0] for message in mail.outbox)
    assert sent_to == sorted(
        set(Delivery.objects.filter(newsletter=newsletter).values_list("email", flat=True))
        - {d.email for d in first_two}
    )
    assert not Delivery.objects.filter(newsletter=newsletter).exclude(status="sent").exists()


def test_who_unsubscribes_during_a_send_is_not_written_to(counting_backend):
    _subscriber("stays@example.org")
    _subscriber("leaves@example.org")
    newsletter = newsletters.newsletter_deliveries_prepare(newsletter=_newsletter())
    subscriptions.subscription_cancel(email="Leaves@example.org")

    newsletters.newsletter_send(newsletter=newsletter)

    assert [message.to for message in mail.outbox] == [["stays@example.org"]]
    statuses = dict(Delivery.objects.values_list("email", "status"))
    assert statuses == {"stays@example.org": "sent", "leaves@example.org": "failed"}


def test_recipient_refused_by_the_server_is_marked_failed_and_the_rest_go(counting_backend):
    import smtplib

    _subscriber("bad@example.org")
    _subscriber("good@example.org")
    original = CountingBackend.send_messages

    def refuse_bad(self, messages):
        if messages[0].to == ["bad@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"bad@example.org": (550, b"no such user")})
        return original(self, messages)

    with mock.patch.object(CountingBackend, "send_messages", refuse_bad):
        newsletter = newsletters.newsletter_send(newsletter=_newsletter())

    assert newsletter.status == Newsletter.Status.SENT
    statuses = dict(Delivery.objects.values_list("email", "status"))
    assert statuses == {"bad@example.org": "failed", "good@example.org": "sent"}
    assert newsletter_selectors.newsletter_progress(newsletter=newsletter)["failed"] == 1


def test_scheduled_newsletter_is_sent_by_the_beat_task_when_due(
    counting_backend, django_capture_on_commit_callbacks
):
    _subscriber("a@example.org")
    due = _newsletter(status=Newsletter.Status.SCHEDULED, scheduled_at=timezone.now())
    later = _newsletter(
        slug="plus-tard",
        status=Newsletter.Status.SCHEDULED,
        scheduled_at=timezone.now() + timedelta(hours=1),
    )
    from communications import tasks

    with mock.patch.object(tasks.newsletter_send, "apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.newsletters_send_due() == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Newsletter.Status.SENDING
    assert later.status == Newsletter.Status.SCHEDULED
    apply_async.assert_called_once_with(args=[due.pk])


def test_beat_leaves_alone_a_newsletter_unscheduled_since_it_was_read(
    counting_backend, django_capture_on_commit_callbacks
):
    _subscriber("a@example.org")
    newsletter = _newsletter(status=Newsletter.Status.SCHEDULED, scheduled_at=timezone.now())
    # What the beat read, then staff put it back to draft before the beat took the lock.
    stale = Newsletter.objects.get(pk=newsletter.pk)
    newsletters.newsletter_unschedule(newsletter=newsletter)

    with mock.patch("communications.tasks.newsletter_send.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            result = newsletters.newsletter_queue(
                newsletter=stale, statuses=(Newsletter.Status.SCHEDULED,), due_by=timezone.now()
            )

    assert result.status == Newsletter.Status.DRAFT
    assert not Delivery.objects.exists()
    apply_async.assert_not_called()


def test_beat_leaves_alone_a_newsletter_rescheduled_later_since_it_was_read(
    counting_backend, django_capture_on_commit_callbacks
):
    _subscriber("a@example.org")
    newsletter = _newsletter(status=Newsletter.Status.SCHEDULED, scheduled_at=timezone.now())
    stale = Newsletter.objects.get(pk=newsletter.pk)
    newsletters.newsletter_schedule(newsletter=newsletter, at=timezone.now() + timedelta(hours=2))

    with mock.patch("communications.tasks.newsletter_send.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            newsletters.newsletter_queue(
                newsletter=stale, statuses=(Newsletter.Status.SCHEDULED,), due_by=timezone.now()
            )

    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SCHEDULED
    apply_async.assert_not_called()


def test_queueing_a_newsletter_already_sending_enqueues_nothing_more(
    counting_backend, django_capture_on_commit_callbacks
):
    _subscriber("a@example.org")
    newsletter = _newsletter()
    with mock.patch("communications.tasks.newsletter_send.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            newsletters.newsletter_queue(newsletter=newsletter)
            newsletters.newsletter_queue(newsletter=newsletter)

    apply_async.assert_called_once_with(args=[newsletter.pk])


def test_queueing_an_empty_audience_is_refused_and_changes_nothing(
    django_capture_on_commit_callbacks,
):
    newsletter = _newsletter()

    with mock.patch("communications.tasks.newsletter_send.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(newsletters.NewsletterEmpty):
                newsletters.newsletter_queue(newsletter=newsletter)

    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT
    apply_async.assert_not_called()


def test_resume_stalled_restarts_only_sends_standing_still(counting_backend, settings):
    settings.NEWSLETTER_STALLED_MINUTES = 10
    _subscriber("a@example.org")
    stalled = newsletters.newsletter_deliveries_prepare(newsletter=_newsletter())
    Newsletter.objects.filter(pk=stalled.pk).update(
        sending_started_at=timezone.now() - timedelta(minutes=30)
    )
    fresh = newsletters.newsletter_deliveries_prepare(newsletter=_newsletter(slug="fraiche"))
    from communications import tasks

    with mock.patch.object(tasks.newsletter_send, "delay") as delay:
        resumed = newsletters.newsletters_resume_stalled()

    assert resumed == [stalled.pk]
    delay.assert_called_once_with(stalled.pk)
    assert fresh.pk not in resumed


def test_blocks_list_recent_news_upcoming_public_events_and_new_members(counting_backend):
    from communications.models import NewsArticle
    from events.models import Event
    from events.tests.factories import EventFactory
    from members.models import Membership, MembershipCategory

    NewsArticle.objects.create(
        title_fr="Actualité récente", slug="recente", body_fr="x", is_published=True
    )
    NewsArticle.objects.create(title_fr="Brouillon", slug="brouillon", body_fr="x")
    EventFactory(
        title_fr="Rencontre publique",
        audience=Event.Audience.PUBLIC,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    EventFactory(
        title_fr="Réunion privée",
        audience=Event.Audience.MEMBERS,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    newcomer = OrganizationFactory(name="Nouvelle Pousse")
    category = MembershipCategory.objects.create(name_fr="Standard", slug="standard")
    today = timezone.localdate()
    Membership.objects.create(
        organization=newcomer,
        category=category,
        period_start=today - timedelta(days=10),
        period_end=today + timedelta(days=300),
        status=Membership.Status.ACTIVE,
        dues_amount=100,
    )
    _subscriber("a@example.org")
    newsletter = _newsletter(include_news=True, include_events=True, include_new_members=True)

    newsletters.newsletter_send(newsletter=newsletter)

    body = mail.outbox[0].body
    assert "Actualité récente" in body and "Brouillon" not in body
    assert "/fr/news/recente/" in body
    assert "Rencontre publique" in body and "Réunion privée" not in body
    assert "Nouvelle Pousse" in body


# Tracking


def test_tracking_inserts_a_pixel_and_signed_click_links_only_when_enabled(
    counting_backend, client
):
    _subscriber("a@example.org")
    newsletter = newsletters.newsletter_send(newsletter=_newsletter(tracking_enabled=True))
    delivery = Delivery.objects.get(newsletter=newsletter)
    html = mail.outbox[0].alternatives[0][0]
    pixel = re.search(r'<img src="[^"]*(/fr/newsletter/o/[^"]+\.gif)"', html).group(1)
    click = re.search(r'href="[^"]*(/fr/newsletter/c/[^"]+u=https%3A%2F%2Fexample.org[^"]*)"', html)
    click = click.group(1)
    click = click.replace("&amp;", "&")

    assert client.get(pixel)["Content-Type"] == "image/gif"
    response = client.get(click)

    assert response.status_code == 302
    assert response["Location"] == "https://example.org/page?a=1&b=2"
    delivery.refresh_from_db()
    assert delivery.opened_at is not None and delivery.clicked_at is not None
    assert delivery.click_count == 1
    progress = newsletter_selectors.newsletter_progress(newsletter=newsletter)
    assert (progress["sent"], progress["opened"], progress["clicked"]) == (1, 1, 1)
    assert progress["open_rate"] == 100.0


def test_tampered_tracking_links_are_refused_and_never_redirect_elsewhere(counting_backend, client):
    _subscriber("a@example.org")
    newsletter = newsletters.newsletter_send(newsletter=_newsletter(tracking_enabled=True))
    delivery = Delivery.objects.get(newsletter=newsletter)
    token = newsletters.click_token(delivery_id=delivery.pk, url="https://example.org/")

    assert client.get(f"/fr/newsletter/c/{token}/?u=https://evil.example/").status_code == 400
    assert client.get(f"/fr/newsletter/c/{token}/").status_code == 400
    assert client.get("/fr/newsletter/c/nonsense/?u=https://example.org/").status_code == 400
    # A digit int() does not read ("²") is refused like any other forgery, not a 500.
    assert client.get("/fr/newsletter/c/%C2%B2-abc/?u=https://example.org/").status_code == 400
    forged = newsletters.click_token(delivery_id=delivery.pk + 1, url="https://example.org/")
    forged = f"{delivery.pk}-{forged.partition('-')[2]}"
    assert client.get(f"/fr/newsletter/c/{forged}/?u=https://example.org/").status_code == 400
    assert client.get("/fr/newsletter/o/1:forged.gif").status_code == 404
    delivery.refresh_from_db()
    assert delivery.click_count == 0 and delivery.opened_at is None


def test_open_token_of_a_newsletter_without_tracking_counts_nothing(counting_backend, client):
    _subscriber("a@example.org")
    newsletter = newsletters.newsletter_send(newsletter=_newsletter())
    delivery = Delivery.objects.get(newsletter=newsletter)

    response = client.get(f"/fr/newsletter/o/{newsletters.open_token(delivery_id=delivery.pk)}.gif")

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.opened_at is None


def test_signed_tokens_do_not_cross_purposes():
    token = subscriptions.preferences_token(email="a@example.org")
    with pytest.raises(subscriptions.InvalidLink):
        subscriptions.email_from_unsubscribe_token(token)
    assert subscriptions.email_from_preferences_token(token) == "a@example.org"
    with pytest.raises(subscriptions.InvalidLink):
        subscriptions.email_from_preferences_token(signing.dumps(["a"], salt="x"))


def test_bounce_command_marks_the_address_bounced(capsys):
    from django.core.management import call_command

    _subscriber("gone@example.org")

    call_command("newsletter_bounce", "Gone@Example.org", "--reason", "550 user unknown")

    subscriber = Subscriber.objects.get(email="gone@example.org")
    assert subscriber.status == Subscriber.Status.BOUNCED
    assert subscriber.bounce_reason == "550 user unknown"
    call_command("newsletter_bounce", "new@example.org")
    assert Subscriber.objects.get(email="new@example.org").status == Subscriber.Status.BOUNCED


def test_demo_seed_sends_two_newsletters_to_confirmed_subscribers_only():
    import random

    from communications.demo import newsletters_seed

    people = [(ContactFactory(), None) for _ in range(12)]

    count = newsletters_seed(
        rng=random.Random(1), people=people, staff_user=None, today=timezone.localdate()
    )

    assert count == 2
    assert Newsletter.objects.filter(status=Newsletter.Status.SENT).count() == 2
    confirmed = set(Subscriber.objects.filter(status="confirmed").values_list("email", flat=True))
    for newsletter in Newsletter.objects.all():
        assert set(newsletter.deliveries.values_list("email", flat=True)) == confirmed


def test_pending_address_asking_again_within_minutes_gets_no_second_email(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _request()
        _request()
    assert len(mail.outbox) == 1

    later = timezone.now() + subscriptions.CONFIRMATION_RESEND_DELAY + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with django_capture_on_commit_callbacks(execute=True):
            _request()

    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "audience",
    [{}, {"subscribers": True}, {"members": True}, {"subscribers": True, "members": True}],
)
def test_audience_count_is_one_query_and_agrees_with_the_recipient_list(
    audience, django_assert_num_queries
):
    _subscriber("same@alpha.test")
    _subscriber("gone@alpha.test", status="unsubscribed")
    AffiliationFactory(contact__email="Same@Alpha.test")
    AffiliationFactory(contact__email="gone@alpha.test")
    contact = ContactFactory(email="two@alpha.test")
    AffiliationFactory(contact=contact)
    AffiliationFactory(contact=contact)
    expected = len(audiences.audience_recipients(audience=audience))

    with django_assert_num_queries(1 if audience else 0):
        assert audiences.audience_count(audience=audience) == expected


def test_subscriber_email_is_stored_lower_case_whatever_the_path():
    subscriber = _subscriber("  Lea@Example.ORG ")

    subscriber.refresh_from_db()
    assert subscriber.email == "lea@example.org"


def test_address_unsubscribed_during_the_send_is_skipped_whatever_its_case(counting_backend):
    member = AffiliationFactory(contact__email="lea@alpha.test").contact
    newsletter = newsletters.newsletter_deliveries_prepare(
        newsletter=_newsletter(audience={"members": True})
    )
    # A row written in another case before addresses were lower-cased on save.
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email="Lea@Alpha.test",
                status=Subscriber.Status.UNSUBSCRIBED,
                source=Subscriber.Source.STAFF,
                contact=member,
            )
        ]
    )
    mail.outbox.clear()

    newsletters.newsletter_send(newsletter=newsletter)

    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.FAILED


def test_send_task_for_a_newsletter_back_to_draft_sends_nothing(counting_backend):
    from communications import tasks

    _subscriber("a@example.org")
    newsletter = _newsletter()

    tasks.newsletter_send(newsletter.pk)

    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT
    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_every_field_of_the_newsletter_form_is_what_the_service_saves(personas):
    # One list feeds both; this fails if the form shows a field the service drops, or the
    # service reads one the form does not give it.
    from communications.forms.newsletters import NewsletterForm

    model_fields = {field.name: field for field in Newsletter._meta.get_fields()}
    shown = [name for name in NewsletterForm.base_fields if name in model_fields]
    data = {"audience_members": "on"}
    for name in shown:
        if isinstance(model_fields[name], models.BooleanField):
            # The opposite of the default, so that a field left unsaved shows.
            data[name] = "" if model_fields[name].default else "on"
        elif name == "slug":
            data[name] = "lettre-de-juin"
        else:
            data[name] = f"Texte de {name}"
    form = NewsletterForm(data, instance=Newsletter())
    assert form.is_valid(), form.errors

    saved = newsletters.newsletter_save(
        newsletter=Newsletter(), data=form.cleaned_data, user=personas.staff
    )

    saved.refresh_from_db()
    assert set(shown) == set(newsletters.NEWSLETTER_EDITABLE_FIELDS)
    assert {name: getattr(saved, name) for name in shown} == {
        name: form.cleaned_data[name] for name in shown
    }
    assert saved.audience == {"members": True}
