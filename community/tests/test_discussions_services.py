"""Posting, its refusals, moderation, preferences and emails of the groups' discussions."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.models import (
    DiscussionMessage,
    MessageReport,
    NotificationPreference,
    Thread,
)
from community.models.discussions import ATTACHMENT_MAX_BYTES
from community.selectors import discussions as selectors
from community.services import discussions as services
from community.tests.discussions_helpers import group_with_members, thread_make
from members.models import WorkingGroupMember

pytestmark = pytest.mark.django_db

EACH = NotificationPreference.Frequency.EACH


@pytest.fixture
def group(personas):
    return group_with_members(personas)


def _contact(personas, name):
    return getattr(personas, name).contact


def test_a_reply_emails_the_thread_starter_who_wants_each_message(
    personas, group, django_capture_on_commit_callbacks
):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    admin.preferred_language = "en"
    admin.save()
    services.preference_set(contact=admin, group=group, frequency=EACH)
    services.preference_set(contact=contact, group=group, frequency=EACH)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            group=group, author=admin, title="Stand partagé au FIC", body="Qui vient ?"
        )
    # The author does not get their own message; the other member does, once.
    assert [m.to for m in mail.outbox] == [[contact.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.message_post(thread=thread, author=contact, body="**Moi** !")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [admin.email]
    # Multipart, in the recipient's language, with the group's one-click unsubscribe.
    assert email.alternatives[0][1] == "text/html"
    assert "<strong>Moi</strong>" in email.alternatives[0][0]
    assert "New message" in email.subject and "Cybersecurity" in email.subject
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/en/discussions/unsubscribe/" in email.extra_headers["List-Unsubscribe"]
    assert f"#message-{reply.pk}" in email.body
    # Never twice for one message, whatever runs the task again.
    assert services.message_notify(message=reply) == 0
    assert len(mail.outbox) == 1


def test_by_default_members_get_the_daily_digest_not_each_message(
    personas, group, django_capture_on_commit_callbacks
):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(group=group, author=admin, title="Salon", body="Stand commun")
    assert mail.outbox == []
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert selectors.digest_recipients(day=tomorrow) == [(contact.pk, group.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_queue(today=tomorrow) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [contact.email]
    assert "Stand commun" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    # A second run the same day sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_queue(today=tomorrow)
    assert services.digest_send(contact=contact, group=group, day=tomorrow) is False
    assert len(mail.outbox) == 1


def test_unsubscribe_link_sets_the_groups_preference_to_none(
    personas, group, django_capture_on_commit_callbacks, client
):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    services.preference_set(contact=contact, group=group, frequency=EACH)
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(group=group, author=admin, title="IA Act", body="Une question")
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    # RFC 8058: the mail client posts without cookie or CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert selectors.frequency_of(contact=contact, group=group) == "none"
    assert client.get("/fr/discussions/unsubscribe/not-a-token/").status_code == 404


def test_a_member_who_left_cannot_post_and_nothing_is_saved(personas, group):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    thread = thread_make(group, admin)
    WorkingGroupMember.objects.filter(group=group, contact=contact).delete()
    with pytest.raises(services.NotAGroupMemberError):
        services.message_post(thread=thread, author=contact, body="Encore moi")
    with pytest.raises(services.NotAGroupMemberError):
        services.thread_create(group=group, author=contact, title="Nouveau", body="Texte")
    WorkingGroupMember.objects.create(
        group=group, contact=contact, status=WorkingGroupMember.Status.DECLINED
    )
    with pytest.raises(services.NotAGroupMemberError):
        services.message_post(thread=thread, author=contact, body="Encore moi")
    assert DiscussionMessage.objects.count() == 1
    assert Thread.objects.count() == 1


def test_a_locked_thread_takes_no_reply(personas, group, django_capture_on_commit_callbacks):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    thread = thread_make(group, admin)
    services.thread_lock_set(thread=thread, by=personas.member_admin, locked=True)
    with pytest.raises(services.ThreadLockedError):
        services.message_post(thread=thread, author=contact, body="Trop tard")
    assert thread.messages.count() == 1
    thread.refresh_from_db()
    assert thread.message_count == 1


def test_empty_message_and_heavy_document_are_refused(personas, group):
    admin = _contact(personas, "member_admin")
    thread = thread_make(group, admin)
    with pytest.raises(services.EmptyMessageError):
        services.message_post(thread=thread, author=admin, body="   ")
    heavy = SimpleUploadedFile("gros.txt", b"a" * (ATTACHMENT_MAX_BYTES + 1))
    with pytest.raises(services.AttachmentTooLargeError):
        services.message_post(thread=thread, author=admin, body="Pièce", attachment=heavy)
    assert thread.messages.count() == 1


def test_hiding_keeps_the_message_and_handles_its_reports(personas, group):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    thread = thread_make(group, contact)
    message = thread.messages.get()
    report = services.message_report(message=message, reporter=admin, reason="Publicité")
    services.message_hide(message=message, by=personas.staff, reason="Hors sujet")
    message.refresh_from_db()
    report.refresh_from_db()
    assert message.is_hidden and message.hidden_reason == "Hors sujet"
    assert message.body.startswith("Bonjour")
    assert report.status == MessageReport.Status.RESOLVED
    with pytest.raises(services.EmptyMessageError):
        services.message_report(message=message, reporter=admin, reason=" ")


def test_unread_counts_come_with_the_list_and_reading_clears_them(personas, group):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    first = thread_make(group, admin, title="Premier", messages=3)
    thread_make(group, admin, title="Second", messages=2)
    user = personas.member_contact
    counts = {t.title: t.unread_count for t in selectors.group_threads(group=group, user=user)}
    assert counts == {"Premier": 3, "Second": 2}
    assert selectors.group_unread_count(group=group, user=user) == 5
    services.thread_read_mark(thread=first, user=user)
    counts = {t.title: t.unread_count for t in selectors.group_threads(group=group, user=user)}
    assert counts == {"Premier": 0, "Second": 2}
    # The author's own messages are never news to them.
    assert selectors.group_unread_count(group=group, user=personas.member_admin) == 0
    services.message_post(thread=first, author=contact, body="Réponse")
    counts = {t.title: t.unread_count for t in selectors.group_threads(group=group, user=user)}
    assert counts["Premier"] == 0


def test_search_finds_threads_by_title_or_message_ignoring_accents(personas, group):
    admin = _contact(personas, "member_admin")
    thread_make(group, admin, title="Réglementation de l'IA", body="Question juridique")
    thread_make(group, admin, title="Salon", body="Stand à Lille, sécurité incluse")
    found = lambda query: sorted(  # noqa: E731
        t.title for t in selectors.group_threads(group=group, user=personas.staff, query=query)
    )
    assert found("REGLEMENTATION") == ["Réglementation de l'IA"]
    assert found("securite") == ["Salon"]
    assert found("juridique ia") == ["Réglementation de l'IA"]
    assert found("absent") == []


def test_staff_resolve_a_report_by_hiding_the_message(personas, group):
    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    message = thread_make(group, contact).messages.get()
    report = services.message_report(message=message, reporter=admin, reason="Spam")
    services.report_resolve(report=report, by=personas.staff, hide=True, reason="Spam")
    message.refresh_from_db()
    assert message.is_hidden and message.hidden_by == personas.staff


def test_tasks_load_by_key_and_send_through_the_services(personas, group, settings):
    from community import tasks

    admin, contact = _contact(personas, "member_admin"), _contact(personas, "member_contact")
    services.preference_set(contact=contact, group=group, frequency=EACH)
    message = thread_make(group, admin).messages.get()
    tasks.discussion_message_notify(message.pk)
    tasks.discussion_message_notify(message.pk)
    assert [m.to for m in mail.outbox] == [[contact.email]]
    # A message deleted since is no error.
    tasks.discussion_message_notify(0)
    # The beat schedule runs the digest every morning.
    schedule = settings.CELERY_BEAT_SCHEDULE["discussion-digests"]
    assert schedule["task"] == tasks.discussion_digests_queue.name
