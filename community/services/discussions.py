"""Writes of the working groups' discussions: starting threads and posting (only by the
group's accepted members, checked here under a lock), reading markers, moderation,
reports, email preferences, and the emails themselves (one per message, or a daily digest).
"""

import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import (
    DiscussionMessage,
    MessageReport,
    NotificationPreference,
    Thread,
    ThreadRead,
)
from community.models.discussions import ATTACHMENT_MAX_BYTES
from community.selectors import discussions as selectors
from core.email import email_send_once, page_address
from core.links import link_issue, link_resolve
from core.models import SentEmail
from core.outbox import task_enqueue
from members.models import Affiliation, Contact, WorkingGroup, WorkingGroupMember

UNSUBSCRIBE_PURPOSE = "discussions-unsubscribe"
# People click old emails: the link keeps working for two years.
UNSUBSCRIBE_LINK_DAYS = 730


class DiscussionError(Exception):
    """A post or an action refused; `message` says why, for the person who tried."""

    message = _("This action is not possible.")

    def __str__(self):
        return str(self.message)


class NotAGroupMemberError(DiscussionError):
    message = _("You are no longer a member of this working group: your message was not posted.")


class ThreadLockedError(DiscussionError):
    message = _("This thread is locked: it takes no more replies.")


class GroupNotActiveError(DiscussionError):
    message = _(
        "This working group is paused or closed: its discussions stay readable but take no "
        "new messages."
    )


class EmptyMessageError(DiscussionError):
    message = _("Write a message before sending it.")


class AttachmentTooLargeError(DiscussionError):
    message = _("The attached document is too large.")


def _accepted_membership_locked(*, group: WorkingGroup, contact: Contact | None):
    """The author's accepted membership, locked until the transaction ends: a member
    removed at the same moment either sees the message posted before, or refused."""
    if contact is None:
        raise NotAGroupMemberError
    membership = (
        WorkingGroupMember.objects.select_for_update()
        .filter(group=group, contact=contact, status=WorkingGroupMember.Status.ACCEPTED)
        .first()
    )
    # Someone detached from every organization has left the cluster, and its groups.
    if membership is None or not Affiliation.objects.filter(contact=contact).exists():
        raise NotAGroupMemberError
    # Read under the membership's lock: a group paused meanwhile refuses the message.
    if WorkingGroup.objects.get(pk=group.pk).status != WorkingGroup.Status.ACTIVE:
        raise GroupNotActiveError
    return membership


def _message_add(*, thread: Thread, author: Contact, body: str, attachment=None):
    body = (body or "").strip()
    if not body:
        raise EmptyMessageError
    if attachment is not None and attachment.size > ATTACHMENT_MAX_BYTES:
        raise AttachmentTooLargeError
    message = DiscussionMessage(thread=thread, author=author, body=body)
    if attachment is not None:
        message.attachment = attachment
    message.save()
    Thread.objects.filter(pk=thread.pk).update(
        last_message_at=message.created_at,
        last_message_id=message.pk,
        message_count=F("message_count") + 1,
    )
    thread.last_message_id = message.pk
    if author.user_id:
        _read_mark(thread_id=thread.pk, user_id=author.user_id, up_to=message.pk)
    from community.tasks import discussion_message_notify

    task_enqueue(discussion_message_notify, message.pk)
    return message


@transaction.atomic
def thread_create(
    *, group: WorkingGroup, author: Contact | None, title: str, body: str, attachment=None
) -> Thread:
    """A new thread of `group` with its first message, by one of its accepted members."""
    _accepted_membership_locked(group=group, contact=author)
    title = (title or "").strip()
    if not title:
        raise EmptyMessageError
    thread = Thread.objects.create(group=group, title=title, author=author)
    _message_add(thread=thread, author=author, body=body, attachment=attachment)
    return thread


@transaction.atomic
def message_post(
    *, thread: Thread, author: Contact | None, body: str, attachment=None
) -> DiscussionMessage:
    """A reply, by an accepted member of the thread's group, to a thread still open."""
    _accepted_membership_locked(group=thread.group, contact=author)
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if locked.is_locked:
        raise ThreadLockedError
    return _message_add(thread=locked, author=author, body=body, attachment=attachment)


def _read_mark(*, thread_id: int, user_id: int, up_to: int) -> None:
    # One statement, whoever got there first. A marker never goes back: a page loaded
    # before the reader posted in another tab marks read after the post. The ORM's upsert
    # cannot say "only if further", hence the SQL.
    table = connection.ops.quote_name(ThreadRead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (thread_id, user_id, last_message_id, read_at)"
            " VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (thread_id, user_id) DO UPDATE"
            " SET last_message_id = EXCLUDED.last_message_id, read_at = EXCLUDED.read_at"
            f" WHERE {table}.last_message_id <= EXCLUDED.last_message_id",
            [thread_id, user_id, up_to, timezone.now()],
        )


def thread_read_mark(*, thread: Thread, user) -> None:
    """The user has now seen every message of the thread."""
    if user.is_authenticated and thread.last_message_id:
        _read_mark(thread_id=thread.pk, user_id=user.pk, up_to=thread.last_message_id)


# Moderation.
@transaction.atomic
def message_hide(*, message: DiscussionMessage, by, reason: str) -> DiscussionMessage:
    """Hide a message from the members, keeping it for the record with the reason."""
    DiscussionMessage.objects.select_for_update().filter(pk=message.pk).first()
    message.is_hidden = True
    message.hidden_reason = (reason or "").strip()[:300]
    message.hidden_at = timezone.now()
    message.hidden_by = by
    message.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    MessageReport.objects.filter(message=message, status=MessageReport.Status.OPEN).update(
        status=MessageReport.Status.RESOLVED, resolved_at=timezone.now(), resolved_by=by
    )
    return message


def message_unhide(*, message: DiscussionMessage) -> DiscussionMessage:
    message.is_hidden = False
    message.hidden_reason = ""
    message.hidden_at = None
    message.hidden_by = None
    message.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    return message


def thread_lock_set(*, thread: Thread, by, locked: bool) -> Thread:
    """Lock a thread (no more replies) or open it again."""
    thread.is_locked = locked
    thread.locked_at = timezone.now() if locked else None
    thread.locked_by = by if locked else None
    thread.save(update_fields=["is_locked", "locked_at", "locked_by"])
    return thread


@transaction.atomic
def message_report(
    *, message: DiscussionMessage, reporter: Contact | None, reason: str
) -> MessageReport:
    """A member tells the moderators that a message should not be there. A person's
    report still open is completed rather than repeated (a double click, a second try):
    the moderators' list counts messages to look at, not clicks."""
    reason = (reason or "").strip()
    if not reason:
        raise EmptyMessageError
    # The message's lock makes two reports sent at once queue, the second finding the first.
    DiscussionMessage.objects.select_for_update().filter(pk=message.pk).first()
    if reporter is not None:
        open_report = MessageReport.objects.filter(
            message=message, reporter=reporter, status=MessageReport.Status.OPEN
        ).first()
        if open_report is not None:
            if reason not in open_report.reason:
                open_report.reason = f"{open_report.reason}\n\n{reason}"
                open_report.save(update_fields=["reason"])
            return open_report
    return MessageReport.objects.create(message=message, reporter=reporter, reason=reason)


@transaction.atomic
def report_resolve(*, report: MessageReport, by, hide: bool, reason: str = "") -> MessageReport:
    """Staff handle a report: hide the message (with the reason) or leave it as it is."""
    report = MessageReport.objects.select_for_update().select_related("message").get(pk=report.pk)
    if hide:
        message_hide(message=report.message, by=by, reason=reason or report.reason)
    report.status = MessageReport.Status.RESOLVED
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.save(update_fields=["status", "resolved_at", "resolved_by"])
    return report


# Email preferences.
def preference_set(
    *, contact: Contact, group: WorkingGroup, frequency: str
) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        contact=contact, group=group, defaults={"frequency": frequency}
    )
    return preference


def membership_for_unsubscribe_link(*, token: str) -> WorkingGroupMember | None:
    return link_resolve(
        purpose=UNSUBSCRIBE_PURPOSE,
        token=token,
        queryset=WorkingGroupMember.objects.select_related("contact", "group"),
    )


def group_unsubscribe(*, membership: WorkingGroupMember) -> NotificationPreference:
    """No more email about this group's discussions (the one-click link of every email)."""
    return preference_set(
        contact=membership.contact,
        group=membership.group,
        frequency=NotificationPreference.Frequency.NONE,
    )


def _already_sent(key: str) -> bool:
    return SentEmail.objects.filter(key=key).exclude(status=SentEmail.Status.FAILED).exists()


def _send(*, key: str, template: str, membership: WorkingGroupMember, context: dict) -> bool:
    """Send one discussion email to a member, in their language, with the group's
    one-click unsubscribe (RFC 8058)."""
    if _already_sent(key):
        return False
    contact = membership.contact
    language = contact.preferred_language
    # Issued before the claim so that the List-Unsubscribe header carries it too; the check
    # above makes an unused link rare.
    token = link_issue(
        target=membership,
        purpose=UNSUBSCRIBE_PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(days=UNSUBSCRIBE_LINK_DAYS),
    )
    unsubscribe_url = page_address(
        "community:discussions_unsubscribe", language=language, token=token
    )
    return email_send_once(
        key=key,
        template=template,
        to=contact.email,
        language=language,
        context={
            "first_name": contact.first_name,
            "group_name": membership.group.name_en
            if language == "en" and membership.group.name_en
            else membership.group.name_fr,
            "group_url": page_address(
                "community:group_threads", language=language, slug=membership.group.slug
            ),
            "preferences_url": page_address(
                "community:group_notifications", language=language, slug=membership.group.slug
            ),
            "unsubscribe_url": unsubscribe_url,
            **context,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def message_notify(*, message: DiscussionMessage) -> int:
    """Email the message to the members who want each one (not to its author). Returns
    the number of emails this call sent."""
    if message.is_hidden:
        return 0
    sent = 0
    for membership in selectors.message_recipients(message=message):
        language = membership.contact.preferred_language
        sent += _send(
            key=f"discussions:message:{message.pk}:{membership.contact_id}",
            template="community/emails/discussions/message",
            membership=membership,
            context={
                "message": message,
                "thread": message.thread,
                "author_name": message.author.full_name if message.author else "",
                "thread_url": page_address(
                    "community:thread",
                    language=language,
                    slug=membership.group.slug,
                    pk=message.thread_id,
                )
                + f"#message-{message.pk}",
            },
        )
    return sent


def digests_queue(*, today: datetime.date) -> int:
    """Queue the daily digests of yesterday's messages, one per person and group."""
    from community.tasks import discussion_digest_send

    recipients = selectors.digest_recipients(day=today)
    with transaction.atomic():
        for contact_id, group_id in recipients:
            task_enqueue(discussion_digest_send, contact_id, group_id, today.isoformat())
    return len(recipients)


def digest_send(*, contact: Contact, group: WorkingGroup, day: datetime.date) -> bool:
    """Email `contact` the messages posted in `group` the day before `day`, once a day,
    if they are still a member who wants the digest."""
    if selectors.frequency_of(contact=contact, group=group) != (
        NotificationPreference.Frequency.DAILY
    ):
        return False
    membership = (
        WorkingGroupMember.objects.filter(
            group=group, contact=contact, status=WorkingGroupMember.Status.ACCEPTED
        )
        .select_related("contact", "group")
        .first()
    )
    if membership is None or not contact.email or contact.anonymised_at:
        return False
    messages = selectors.digest_messages(group=group, contact=contact, day=day)
    if not messages:
        return False
    return _send(
        key=f"discussions:digest:{contact.pk}:{group.pk}:{day.isoformat()}",
        template="community/emails/discussions/digest",
        membership=membership,
        context={"messages": messages, "day": day - datetime.timedelta(days=1)},
    )
