"""Moderation and its edges: a hidden message's text stays out of its report page, a second
click on "hide" keeps it hidden, reports gather per person and reach the group's leads,
read markers never go back, a refused reply is given back, the staff list's wording and
layout, and a style for every class of the discussion pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from community.models import MessageReport, Thread, ThreadRead
from community.services import discussions as services
from community.tests.discussions_helpers import group_with_members, thread_make
from members.models import Affiliation

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(personas):
    return group_with_members(personas)


def _thread_url(thread):
    return reverse("community:thread", args=[thread.group.slug, thread.pk])


def test_a_hidden_messages_text_is_not_shown_to_members_by_its_report_page(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_admin.contact, body="Achetez mes licences")
    message = thread.messages.get()
    services.message_hide(message=message, by=personas.staff, reason="Publicité")
    url = reverse("community:message_report", args=[group.slug, message.pk])
    member = client_for("member_contact")
    response = member.get(url)
    assert response.status_code == 404
    assert "Achetez" not in response.content.decode()
    assert member.post(url, {"reason": "Encore là"}).status_code == 404
    assert not MessageReport.objects.exists()


def test_a_second_click_on_hide_keeps_the_message_hidden(personas, group, client_for):
    thread = thread_make(group, personas.member_contact.contact)
    message = thread.messages.get()
    url = reverse("community:message_moderate", args=[group.slug, message.pk])
    lead = client_for("member_admin")
    # The form as the page sends it, twice: a double click, or two moderators at once.
    form = lead.get(url).content.decode()
    assert 'name="hide" value="1"' in form
    for _attempt in range(2):
        assert lead.post(url, {"hide": "1", "reason": "Publicité"}).status_code == 302
    message.refresh_from_db()
    assert message.is_hidden and message.hidden_reason == "Publicité"
    assert 'name="hide" value="0"' in lead.get(url).content.decode()
    for _attempt in range(2):
        assert lead.post(url, {"hide": "0"}).status_code == 302
    message.refresh_from_db()
    assert not message.is_hidden


def test_a_read_marker_never_goes_back(personas, group):
    thread = thread_make(group, personas.member_admin.contact, messages=3)
    first, _second, last = thread.messages.order_by("pk")
    user = personas.member_contact
    services._read_mark(thread_id=thread.pk, user_id=user.pk, up_to=last.pk)
    # A page loaded before the latest message was posted marks read afterwards.
    services._read_mark(thread_id=thread.pk, user_id=user.pk, up_to=first.pk)
    assert ThreadRead.objects.get(thread=thread, user=user).last_message_id == last.pk


def test_staff_reports_list_counts_reports_not_documents_and_shows_plain_text(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_admin.contact, body="Nos **modèles** d'audit")
    services.message_report(
        message=thread.messages.get(), reporter=personas.member_contact.contact, reason="Hors sujet"
    )
    with translation.override("fr"):
        url = reverse("community:staff_discussion_reports")
    page = client_for("staff").get(url).content.decode()
    assert "1 signalement" in page and "rapport" not in page
    # Markdown read as text: no asterisks, and not in the bold of the row's heading.
    assert "Nos modèles d&#x27;audit" in page or "Nos modèles d'audit" in page
    assert "**" not in page
    row_heading = re.search(r'<th scope="row">(.*?)</th>', page, re.S).group(1)
    assert "Nos modèles" not in row_heading


DISCUSSION_TEMPLATES = Path(settings.BASE_DIR, "community/templates/community")


def test_every_class_of_the_discussion_pages_has_a_style():
    """The pages were written with classes the style sheet did not know: unstyled badges,
    every author's name as large as the page's title."""
    css = Path(settings.BASE_DIR, "static/css/site.css").read_text()
    used = set()
    for template in DISCUSSION_TEMPLATES.glob("space/discussions/*.html"):
        for classes in re.findall(r'class="([^"]*)"', template.read_text()):
            used.update(re.sub(r"\{[%{].*?[%}]\}", " ", classes).split())
    missing = sorted(name for name in used if not re.search(rf"\.{re.escape(name)}\b", css))
    assert not missing


def test_a_member_who_left_is_told_why_the_reply_was_not_posted_and_gets_the_text_back(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_admin.contact)
    client = client_for("member_contact")
    # The page was opened while still a member; then the contact left the cluster.
    assert client.get(_thread_url(thread)).status_code == 200
    Affiliation.objects.filter(contact=personas.member_contact.contact).delete()
    response = client.post(_thread_url(thread), {"body": "Ma réponse longuement écrite"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "n&#x27;êtes plus membre" in page or "n'êtes plus membre" in page
    assert "Ma réponse longuement écrite" in page
    create = reverse("community:thread_create", args=[group.slug])
    assert client.post(create, {"title": "Sujet", "body": "Texte"}).status_code == 403
    assert thread.messages.count() == 1 and Thread.objects.count() == 1
    # Reading stays a 404, and so does posting for anyone who never belonged.
    assert client.get(_thread_url(thread)).status_code == 404
    outsider = client_for("other_member")
    assert outsider.post(_thread_url(thread), {"body": "Intrus"}).status_code == 404


def test_reporting_twice_the_same_message_makes_one_report_for_the_moderators(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_admin.contact)
    message = thread.messages.get()
    url = reverse("community:message_report", args=[group.slug, message.pk])
    client = client_for("member_contact")
    for _click in range(2):
        assert client.post(url, {"reason": "Propos déplacés"}).status_code == 302
    assert client.post(url, {"reason": "Et insultant"}).status_code == 302
    [report] = MessageReport.objects.all()
    assert report.reason == "Propos déplacés\n\nEt insultant"
    # Once handled, a new report is a new case.
    services.report_resolve(report=report, by=personas.staff, hide=False)
    client.post(url, {"reason": "Encore"})
    assert MessageReport.objects.count() == 2


def test_the_groups_lead_sees_which_messages_are_reported_and_plain_members_do_not(
    personas, group, client_for
):
    thread = thread_make(group, personas.member_admin.contact, messages=2)
    first, second = thread.messages.order_by("pk")
    for reporter in (personas.member_contact.contact, personas.member_admin.contact):
        services.message_report(message=second, reporter=reporter, reason="Hors sujet")
    lead_page = client_for("member_admin").get(_thread_url(thread)).content.decode()
    assert lead_page.count("Signalé 2 fois") == 1
    assert lead_page.index(f'id="message-{second.pk}"') < lead_page.index("Signalé 2 fois")
    member_page = client_for("member_contact").get(_thread_url(thread)).content.decode()
    assert "Signalé" not in member_page
    # Hiding the message handles its reports: the notice goes.
    services.message_hide(message=second, by=personas.member_admin, reason="Hors sujet")
    assert "Signalé" not in client_for("member_admin").get(_thread_url(thread)).content.decode()


def test_a_reply_refused_by_a_lock_set_meanwhile_is_given_back(personas, group, client_for):
    thread = thread_make(group, personas.member_admin.contact)
    services.thread_lock_set(thread=thread, by=personas.staff, locked=True)
    response = client_for("member_contact").post(
        _thread_url(thread), {"body": "Une réponse écrite avant le verrou"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "verrouillée" in page and "Une réponse écrite avant le verrou" in page
    assert thread.messages.count() == 1
