"""Working groups with members and threads for the discussions' tests."""

from django.utils import timezone

from community.models import DiscussionMessage, Thread
from members.models import WorkingGroup, WorkingGroupMember


def group_with_members(personas, slug="cyber"):
    """A group led by org A's admin, with org A's plain contact as an accepted member; org
    B's admin is not a member."""
    group = WorkingGroup.objects.create(slug=slug, name_fr="Cybersécurité", name_en="Cybersecurity")
    WorkingGroupMember.objects.create(
        group=group,
        contact=personas.member_admin.contact,
        role=WorkingGroupMember.Role.LEAD,
        status=WorkingGroupMember.Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    WorkingGroupMember.objects.create(
        group=group,
        contact=personas.member_contact.contact,
        status=WorkingGroupMember.Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    return group


def thread_make(group, author, *, title="Modèles d'audit", messages=1, body="Bonjour à tous"):
    """A thread with `messages` messages written directly (no emails), by `author`."""
    thread = Thread.objects.create(group=group, title=title, author=author)
    rows = DiscussionMessage.objects.bulk_create(
        [
            DiscussionMessage(thread=thread, author=author, body=f"{body} ({number})")
            for number in range(messages)
        ]
    )
    Thread.objects.filter(pk=thread.pk).update(
        message_count=len(rows), last_message_id=rows[-1].pk if rows else 0
    )
    thread.refresh_from_db()
    return thread
