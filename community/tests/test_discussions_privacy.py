"""A person's discussions in their data export, and what erasure leaves: the messages,
without their name; no email preference."""

import pytest
from django.urls import reverse

from community.models import DiscussionMessage, NotificationPreference, Thread, ThreadRead
from community.services import discussions as services
from community.tests.discussions_helpers import group_with_members, thread_make
from core.personal_data import Person, declarations

pytestmark = pytest.mark.django_db


def _person(user) -> Person:
    contact = user.contact
    return Person(
        contact=contact,
        user=user,
        addresses=frozenset({contact.email.lower()}),
        names=(contact.full_name,),
    )


def _declared(model):
    return next(d for d in declarations() if d.model is model)


def test_export_holds_messages_reports_and_preferences_and_erasure_keeps_the_messages(
    personas, client_for
):
    group = group_with_members(personas)
    user = personas.member_contact
    contact = user.contact
    thread = thread_make(group, contact, title="Salon commun", body="Je réserve le stand")
    other = thread_make(group, personas.member_admin.contact, title="Autre")
    services.message_report(message=other.messages.get(), reporter=contact, reason="Hors sujet")
    services.preference_set(contact=contact, group=group, frequency="each")
    services.thread_read_mark(thread=other, user=user)
    person = _person(user)
    exported = {d.key: d.export(person) for d in declarations() if d.key.startswith("discussion")}
    assert exported["discussion_threads"][0]["title"] == "Salon commun"
    assert exported["discussion_messages"][0]["message"].startswith("Je réserve le stand")
    assert exported["discussion_reports"][0]["reason"] == "Hors sujet"
    assert exported["discussion_email_preferences"] == [
        {"group": "Cybersécurité", "emails": "each"}
    ]
    for model in (Thread, DiscussionMessage, NotificationPreference, ThreadRead):
        _declared(model).erase(person)
    from community.models import MessageReport

    _declared(MessageReport).erase(person)
    message = DiscussionMessage.objects.get(thread=thread)
    assert message.author is None and message.body.startswith("Je réserve le stand")
    assert not NotificationPreference.objects.filter(contact=contact).exists()
    assert not ThreadRead.objects.filter(user=user).exists()
    assert MessageReport.objects.get().reporter is None
    page = client_for("member_admin").get(reverse("community:thread", args=[group.slug, thread.pk]))
    assert "Ancien membre" in page.content.decode()
    assert contact.full_name not in page.content.decode()
