"""What a member may do in a thread beside reading it. A paused or closed working group keeps
its discussions readable, as it keeps its documents, and takes no new thread nor reply: the
service refuses under the membership's lock, and the pages say why instead of offering a
form. Nobody is offered to report their own message."""

import pytest

from community.models import DiscussionMessage, Thread
from community.services import discussions as services
from community.tests.discussions_helpers import group_with_members, thread_make
from members.models import WorkingGroup

pytestmark = pytest.mark.django_db

PAUSED_NOTE = "take no new messages"


@pytest.fixture
def group(personas):
    return group_with_members(personas)


@pytest.mark.parametrize("status", [WorkingGroup.Status.PAUSED, WorkingGroup.Status.CLOSED])
def test_a_group_not_active_takes_no_thread_nor_reply(personas, group, status):
    author = personas.member_admin.contact
    thread = thread_make(group=group, author=author)
    messages = DiscussionMessage.objects.count()
    WorkingGroup.objects.filter(pk=group.pk).update(status=status)

    with pytest.raises(services.GroupNotActiveError):
        services.message_post(thread=thread, author=author, body="Encore une idée")
    with pytest.raises(services.GroupNotActiveError):
        services.thread_create(group=group, author=author, title="Nouveau", body="Texte")
    assert DiscussionMessage.objects.count() == messages
    assert Thread.objects.filter(group=group).count() == 1


def test_the_pages_of_a_paused_group_stay_readable_and_say_why_there_is_no_form(
    client_for, personas, group
):
    thread = thread_make(group=group, author=personas.member_admin.contact, title="Audit commun")
    WorkingGroup.objects.filter(pk=group.pk).update(status=WorkingGroup.Status.PAUSED)
    client = client_for("member_contact")
    base = f"/en/space/groups/{group.slug}/discussions/"

    page = client.get(f"{base}{thread.pk}/").content.decode()
    assert thread.title in page and PAUSED_NOTE in page and 'name="body"' not in page
    assert "Start a thread" not in client.get(base).content.decode()
    assert PAUSED_NOTE in client.get(f"{base}new/").content.decode()

    response = client.post(f"{base}{thread.pk}/", {"body": "Malgré tout"})
    assert response.status_code == 422
    assert PAUSED_NOTE in response.content.decode()
    assert not DiscussionMessage.objects.filter(body="Malgré tout").exists()


def test_a_member_is_offered_to_report_the_others_messages_not_their_own(
    client_for, personas, group
):
    thread = thread_make(group=group, author=personas.member_admin.contact, title="Audit commun")
    message = thread.messages.get()
    report = f"/en/space/groups/{group.slug}/discussions/messages/{message.pk}/report/"
    page = f"/en/space/groups/{group.slug}/discussions/{thread.pk}/"
    assert report in client_for("member_contact").get(page).content.decode()
    assert report not in client_for("member_admin").get(page).content.decode()
