"""Personal data held by community (see core.personal_data). Imported by
CommunityConfig.ready().

Applications belong to organizations, messages to working groups, testimonials to the cluster;
what points at a person is who wrote, scored or said them. Erasure keeps the rows (the record
and the figures) and removes the person from them; a published testimonial comes down."""

# Awards ------------------------------------------------------------------------------------

# Discussions -------------------------------------------------------------------------------
# A person's messages stay in their group's threads (the conversation and the figures of
# the reports need them); erasure removes the person, shown then as a former member.
from django.utils.translation import gettext_lazy as _  # noqa: E402

from community.models import (  # noqa: E402
    DiscussionMessage,
    MessageReport,
    NotificationPreference,
    Thread,
    ThreadRead,
)
from core.personal_data import (  # noqa: E402
    EMAIL_SENDING,
    HOSTING,
    LegalBasis,
    Nothing,
    Person,
    Retention,
    iso,
    register,
)

_DISCUSSIONS_KEPT = Retention(
    _("Kept with the working group's discussions; the person is removed on erasure")
)


def _threads_export(person: Person) -> list[dict]:
    return [
        {
            "group": thread.group.name_fr,
            "title": thread.title,
            "started_at": iso(thread.created_at),
        }
        for thread in Thread.objects.filter(author=person.contact).select_related("group")
    ]


register(
    Thread,
    key="discussion_threads",
    purpose=_("Threads started in a working group's discussions"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Author"),
    retention=_DISCUSSIONS_KEPT,
    export=_threads_export,
    erase=lambda person: Thread.objects.filter(author=person.contact).update(author=None),
)


def _messages_export(person: Person) -> list[dict]:
    return [
        {
            "group": message.thread.group.name_fr,
            "thread": message.thread.title,
            "message": message.body,
            "document": message.attachment_name,
            "hidden": message.is_hidden,
            "posted_at": iso(message.created_at),
        }
        for message in DiscussionMessage.objects.filter(author=person.contact).select_related(
            "thread__group"
        )
    ]


register(
    DiscussionMessage,
    key="discussion_messages",
    purpose=_("Messages posted in a working group's discussions"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Author, the message and its document"),
    retention=_DISCUSSIONS_KEPT,
    export=_messages_export,
    erase=lambda person: DiscussionMessage.objects.filter(author=person.contact).update(
        author=None
    ),
    processors=(HOSTING, EMAIL_SENDING),
)


def _reports_export(person: Person) -> list[dict]:
    return [
        {
            "thread": report.message.thread.title,
            "reason": report.reason,
            "status": report.status,
            "reported_at": iso(report.created_at),
        }
        for report in MessageReport.objects.filter(reporter=person.contact).select_related(
            "message__thread"
        )
    ]


register(
    MessageReport,
    key="discussion_reports",
    purpose=_("Messages reported to the moderators of the discussions"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Who reported, the reason"),
    retention=_DISCUSSIONS_KEPT,
    export=_reports_export,
    erase=lambda person: MessageReport.objects.filter(reporter=person.contact).update(
        reporter=None
    ),
)


def _preferences_export(person: Person) -> list[dict]:
    return [
        {"group": preference.group.name_fr, "emails": preference.frequency}
        for preference in NotificationPreference.objects.filter(
            contact=person.contact
        ).select_related("group")
    ]


register(
    NotificationPreference,
    key="discussion_email_preferences",
    purpose=_("Which emails a person wants about a working group's discussions"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("The choice of emails per group"),
    retention=Retention(_("As long as the person is a member of the group; deleted on erasure")),
    export=_preferences_export,
    erase=lambda person: NotificationPreference.objects.filter(contact=person.contact).delete(),
)


def _reads_erase(person: Person) -> None:
    if person.user is not None:
        ThreadRead.objects.filter(user=person.user).delete()


register(
    ThreadRead,
    purpose=_("Which messages of the discussions a person has already read"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The last message read in each thread"),
    retention=Retention(_("As long as the thread; deleted on erasure")),
    export=Nothing(_("A technical marker of what was read, shown as unread counts.")),
    erase=_reads_erase,
)


# Testimonials and success stories ----------------------------------------------------------
