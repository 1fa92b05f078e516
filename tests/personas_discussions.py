"""The persona matrix of the working groups' discussions (tests/test_urls_personas.py):
name → (HTTP method, key of `url_kwargs`, expected status per persona).

The group is led by org A's admin, org A's plain contact is an accepted member, org B's
admin is not a member: outsiders get a 404, so the group's discussions are not confirmed."""

from tests.url_expectations import LOGIN, PUBLIC, STAFF_ONLY  # noqa: F401

READERS = {
    "staff": 200,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 404,
    "anonymous": LOGIN,
}
# Hide messages, lock threads: the group's lead and staff.
MODERATORS = {**READERS, "member_contact": 404}

EXPECTED = {
    "community:group_threads": ("get", "discussion_group", READERS),
    "community:thread_create": ("get", "discussion_group", READERS),
    # Emails go to members: staff who are not members have no preference to set.
    "community:group_notifications": ("get", "discussion_group", {**READERS, "staff": 404}),
    "community:thread": ("get", "discussion_thread", READERS),
    "community:thread_lock": (
        "post",
        "discussion_thread",
        {**MODERATORS, "staff": 302, "member_admin": 302},
    ),
    "community:message_attachment": ("get", "discussion_message", READERS),
    "community:message_report": ("get", "discussion_message", READERS),
    "community:message_moderate": ("get", "discussion_message", MODERATORS),
    "community:discussions_unsubscribe": ("get", "discussion_unsubscribe", PUBLIC),
    "community:staff_discussion_reports": ("get", None, STAFF_ONLY),
    "community:staff_discussion_report_resolve": (
        "post",
        "discussion_report",
        {**STAFF_ONLY, "staff": 302},
    ),
}


def _group(personas):
    from django.utils import timezone

    from members.models import WorkingGroup, WorkingGroupMember

    group, created = WorkingGroup.objects.get_or_create(
        slug="groupe-discussions", defaults={"name_fr": "Groupe discussions"}
    )
    if created:
        for user, role in (
            (personas.member_admin, WorkingGroupMember.Role.LEAD),
            (personas.member_contact, WorkingGroupMember.Role.MEMBER),
        ):
            WorkingGroupMember.objects.create(
                group=group,
                contact=user.contact,
                role=role,
                status=WorkingGroupMember.Status.ACCEPTED,
                decided_at=timezone.now(),
            )
    return group


def _message(personas):
    from django.core.files.base import ContentFile

    from community.models import DiscussionMessage, Thread

    group = _group(personas)
    thread = Thread.objects.filter(group=group).first()
    if thread is None:
        thread = Thread.objects.create(
            group=group, title="Fil persona", author=personas.member_admin.contact
        )
        message = DiscussionMessage(thread=thread, author=personas.member_admin.contact, body="Hi")
        message.attachment.save("note.txt", ContentFile(b"Compte rendu"), save=False)
        message.save()
        Thread.objects.filter(pk=thread.pk).update(last_message_id=message.pk, message_count=1)
    return thread.messages.get()


def _unsubscribe_token(personas):
    import datetime

    from django.utils import timezone

    from community.services.discussions import UNSUBSCRIBE_PURPOSE
    from core.links import link_issue

    membership = _group(personas).members.get(contact=personas.member_contact.contact)
    return link_issue(
        target=membership,
        purpose=UNSUBSCRIBE_PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )


def _report(personas):
    from community.models import MessageReport

    message = _message(personas)
    report = MessageReport.objects.filter(message=message).first()
    return report or MessageReport.objects.create(
        message=message, reporter=personas.member_contact.contact, reason="Persona"
    )


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; each is built when asked."""
    return {
        "discussion_group": lambda: {"slug": _group(personas).slug},
        "discussion_thread": lambda: {
            "slug": _group(personas).slug,
            "pk": _message(personas).thread_id,
        },
        "discussion_message": lambda: {
            "slug": _group(personas).slug,
            "pk": _message(personas).pk,
        },
        "discussion_unsubscribe": lambda: {"token": _unsubscribe_token(personas)},
        "discussion_report": lambda: {"pk": _report(personas).pk},
    }
