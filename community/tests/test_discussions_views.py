"""The discussion pages: who reads (404 for anyone else), posting and its refusals in the
page, quoting, unread anchors, moderation, the panel on the group page, the staff list of
reports, and fixed query counts."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import DiscussionMessage, MessageReport, Thread
from community.services import discussions as services
from community.tests.discussions_helpers import group_with_members, thread_make
from members.models import WorkingGroupMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(personas):
    return group_with_members(personas)


def _thread_url(thread):
    return reverse("community:thread", args=[thread.group.slug, thread.pk])


def test_member_starts_a_thread_another_replies_and_the_first_is_emailed(
    personas, group, client_for, django_capture_on_commit_callbacks
):
    services.preference_set(contact=personas.member_admin.contact, group=group, frequency="each")
    client = client_for("member_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:thread_create", args=[group.slug]),
            {"title": "Modèles d'audit de cybersécurité", "body": "Qui a un modèle ?"},
        )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == _thread_url(thread)
    client = client_for("member_contact")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_thread_url(thread), {"body": "Oui, **celui de l'ANSSI**."})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[personas.member_admin.contact.email]]
    page = client_for("member_admin").get(_thread_url(thread)).content.decode()
    assert (
        "<strong>celui de l&#x27;ANSSI</strong>" in page
        or "<strong>celui de l'ANSSI</strong>" in page
    )


@pytest.mark.parametrize("name", ["other_member"])
def test_outsiders_get_404_on_threads_messages_and_documents(
    personas, group, client_for, name, settings, tmp_path
):
    thread = thread_make(group, personas.member_admin.contact)
    message = thread.messages.get()
    message.attachment = SimpleUploadedFile("note.txt", b"Compte rendu")
    message.save()
    # A member whose request is pending or declined is an outsider too.
    WorkingGroupMember.objects.create(
        group=group, contact=personas.other_member.contact, status="requested"
    )
    client = client_for(name)
    for url in (
        reverse("community:group_threads", args=[group.slug]),
        reverse("community:thread_create", args=[group.slug]),
        _thread_url(thread),
        reverse("community:message_attachment", args=[group.slug, message.pk]),
        reverse("community:message_report", args=[group.slug, message.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_thread_url(thread), {"body": "Intrus"}).status_code == 404
    assert DiscussionMessage.objects.count() == 1
    member = client_for("member_contact")
    response = member.get(reverse("community:message_attachment", args=[group.slug, message.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Compte rendu"


def test_anonymous_visitors_are_sent_to_login(group, client_for, personas):
    response = client_for("anonymous").get(reverse("community:group_threads", args=[group.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_reply_to_locked_thread_says_so_and_saves_nothing(personas, group, client_for):
    thread = thread_make(group, personas.member_admin.contact)
    client = client_for("member_admin")
    client.post(reverse("community:thread_lock", args=[group.slug, thread.pk]), {"locked": "1"})
    response = client_for("member_contact").post(_thread_url(thread), {"body": "Trop tard"})
    assert response.status_code == 422
    assert "locked" in response.content.decode() or "verrouill" in response.content.decode()
    assert thread.messages.count() == 1


def test_post_after_leaving_the_group_says_so_and_saves_nothing(personas, group, client_for):
    thread = thread_make(group, personas.member_admin.contact)
    client = client_for("member_contact")
    WorkingGroupMember.objects.filter(contact=personas.member_contact.contact).update(
        status="declined"
    )
    # The page is gone for them (404): nothing is saved.
    assert client.post(_thread_url(thread), {"body": "Encore"}).status_code == 404
    assert thread.messages.count() == 1


def test_empty_message_and_refused_document_type_are_shown_next_to_the_field(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_admin.contact)
    client = client_for("member_contact")
    response = client.post(_thread_url(thread), {"body": "  "})
    assert response.status_code == 422
    assert 'id="id_body_errors"' in response.content.decode()
    fake_pdf = SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(_thread_url(thread), {"body": "Voici", "attachment": fake_pdf})
    assert response.status_code == 422
    assert 'id="id_attachment_errors"' in response.content.decode()
    assert thread.messages.count() == 1


def test_quote_prefills_the_reply_with_a_blockquote_and_author(personas, group, client_for):
    thread = thread_make(group, personas.member_admin.contact, body="Ligne un\nLigne deux")
    message = thread.messages.get()
    response = client_for("member_contact").get(_thread_url(thread) + f"?quote={message.pk}")
    body = response.context["form"].initial["body"]
    name = personas.member_admin.contact.full_name
    assert body.startswith(name) and "> Ligne un (0)" not in body
    assert "> Ligne un\n> Ligne deux (0)" in body


def test_thread_anchors_the_first_unread_message_and_marks_it_read(personas, group, client_for):
    thread = thread_make(group, personas.member_admin.contact, messages=2)
    client = client_for("member_contact")
    first, second = thread.messages.order_by("pk")
    page = client.get(_thread_url(thread)).content.decode()
    assert f'id="message-{first.pk}"' in page and page.count('id="unread"') == 1
    services.message_post(thread=thread, author=personas.member_admin.contact, body="Nouveau")
    newest = thread.messages.order_by("-pk").first()
    response = client.get(_thread_url(thread))
    assert response.context["first_unread"] == newest.pk
    assert client.get(_thread_url(thread)).context["first_unread"] is None


def test_hidden_message_shows_the_notice_to_members_and_the_reason_to_the_lead(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_contact.contact, body="Achetez mes logiciels")
    message = thread.messages.get()
    client = client_for("member_admin")
    response = client.post(
        reverse("community:message_moderate", args=[group.slug, message.pk]),
        {"reason": "Publicité"},
    )
    assert response.status_code == 302
    member_page = client_for("member_contact").get(_thread_url(thread)).content.decode()
    assert "Message masqué par la modération" in member_page
    assert "Achetez" not in member_page and "Publicité" not in member_page
    lead_page = client_for("member_admin").get(_thread_url(thread)).content.decode()
    assert "Achetez" in lead_page and "Publicité" in lead_page
    # A plain member may not moderate.
    url = reverse("community:message_moderate", args=[group.slug, message.pk])
    assert client_for("member_contact").post(url, {}).status_code == 404


def test_members_report_a_message_and_staff_handle_it(personas, group, client_for):
    thread = thread_make(group, personas.member_admin.contact)
    message = thread.messages.get()
    client = client_for("member_contact")
    url = reverse("community:message_report", args=[group.slug, message.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Propos déplacés"}).status_code == 302
    report = MessageReport.objects.get()
    staff = client_for("staff")
    listing = staff.get(reverse("community:staff_discussion_reports") + "?status=open")
    assert "Propos déplacés" in listing.content.decode()
    export = staff.get(reverse("community:staff_discussion_reports") + "?export=csv")
    assert "Propos déplacés" in export.content.decode()
    resolve = reverse("community:staff_discussion_report_resolve", args=[report.pk])
    staff.post(resolve, {"action": "hide", "reason": "Déplacé"})
    message.refresh_from_db()
    report.refresh_from_db()
    assert message.is_hidden and report.status == "resolved"


def test_preference_page_sets_the_groups_emails(personas, group, client_for):
    client = client_for("member_contact")
    url = reverse("community:group_notifications", args=[group.slug])
    assert client.get(url).context["form"].initial["frequency"] == "daily"
    assert client.post(url, {"frequency": "each"}).status_code == 302
    assert client.get(url).context["form"].initial["frequency"] == "each"
    assert client.post(url, {"frequency": "often"}).status_code == 422


def test_group_page_shows_the_discussions_panel_with_unread_count(personas, group, client_for):
    thread_make(group, personas.member_admin.contact, title="Stand partagé", messages=3)
    page = client_for("member_contact").get(reverse("members:space_group", args=[group.slug]))
    html = page.content.decode()
    assert "Stand partagé" in html
    assert reverse("community:group_threads", args=[group.slug]) in html
    assert "3 non lus" in html or "3 unread" in html


@pytest.mark.parametrize("count", [3, 200])
def test_thread_list_query_count_does_not_grow_with_threads(
    personas, group, client_for, django_assert_num_queries, count
):
    for number in range(count):
        thread_make(group, personas.member_admin.contact, title=f"Fil {number}", messages=2)
    client = client_for("member_contact")
    url = reverse("community:group_threads", args=[group.slug])
    # Session, user, the group (readable by the user), the membership, the navigation's
    # member check, the count, the page of threads with authors and unread counts.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 200])
def test_thread_page_query_count_does_not_grow_with_messages(
    personas, group, client_for, django_assert_num_queries, count
):
    thread = thread_make(group, personas.member_admin.contact, messages=count)
    client = client_for("member_contact")
    url = _thread_url(thread)
    # Session, user, the group, the membership, the thread, its messages with authors, the
    # read marker, the marker's update, the navigation's member check.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["thread_messages"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_staff_reports_query_count_does_not_grow_with_rows(
    personas, group, client_for, django_assert_num_queries, count
):
    thread = thread_make(group, personas.member_admin.contact, messages=count)
    MessageReport.objects.bulk_create(
        MessageReport(message=message, reporter=personas.member_contact.contact, reason="Spam")
        for message in thread.messages.all()
    )
    client = client_for("staff")
    # Session, user, the count, the navigation's member check, the page with messages,
    # threads, groups and people.
    with django_assert_num_queries(5):
        response = client.get(reverse("community:staff_discussion_reports"))
    assert response.status_code == 200
