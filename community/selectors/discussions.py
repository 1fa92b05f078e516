"""What the discussion pages read: a group's threads with their unread counts, a thread's
messages, the reports for the moderators, and the recipients of the emails."""

import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains
from django.utils import timezone

from community.models import (
    DiscussionMessage,
    MessageReport,
    NotificationPreference,
    Thread,
    ThreadRead,
)
from community.models.discussions import DEFAULT_FREQUENCY
from core.search import SearchText, search_terms
from members.models import Contact, WorkingGroup, WorkingGroupMember


def _read_up_to(user):
    """The last message id the user read in the outer message's thread (0 when never
    opened)."""
    reads = ThreadRead.objects.filter(thread=OuterRef("thread"), user_id=user.pk)
    return Coalesce(Subquery(reads.values("last_message_id")[:1]), Value(0))


def threads_with_unread(*, threads: QuerySet[Thread], user) -> QuerySet[Thread]:
    """`threads` annotated with `unread_count`: the messages posted after the user's last
    read one, counted in the list's own query (a subquery per row, no query per thread).
    The user's own messages are not news to them."""
    if not user.is_authenticated:
        return threads.annotate(unread_count=Value(0, output_field=IntegerField()))
    new = (
        DiscussionMessage.objects.filter(thread=OuterRef("pk"), id__gt=_read_up_to(user))
        .exclude(author__user_id=user.pk)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return threads.annotate(unread_count=Coalesce(Subquery(new), Value(0)))


def group_threads(*, group: WorkingGroup, user, query: str = "") -> QuerySet[Thread]:
    """The group's threads, latest activity first, with authors and unread counts. A query
    finds threads by title or by the text of a visible message, accents and case ignored."""
    threads = Thread.objects.filter(group=group).select_related("author")
    for term in search_terms(query):
        in_messages = DiscussionMessage.objects.filter(
            Contains(SearchText("body"), term), is_hidden=False
        ).values("thread_id")
        threads = threads.filter(Q(Contains(SearchText("title"), term)) | Q(pk__in=in_messages))
    return threads_with_unread(threads=threads, user=user).order_by("-last_message_at", "-pk")


def group_latest_threads(*, group: WorkingGroup, limit: int) -> list[Thread]:
    """The group's threads with the latest messages first (its page's panel)."""
    return list(Thread.objects.filter(group=group).order_by("-last_message_at", "-pk")[:limit])


def group_message_figures(*, group: WorkingGroup, user) -> dict[str, int]:
    """The group's number of messages and how many of them the user has not read (not
    counting their own), in one query."""
    messages = DiscussionMessage.objects.filter(thread__group=group)
    if not user.is_authenticated:
        return {"total": messages.count(), "unread": 0}
    unread = Q(id__gt=_read_up_to(user)) & ~Q(author__user_id=user.pk)
    return messages.aggregate(total=Count("pk"), unread=Count("pk", filter=unread))


def group_unread_count(*, group: WorkingGroup, user) -> int:
    """The number of the group's messages the user has not read yet, in one query."""
    if not user.is_authenticated:
        return 0
    return (
        DiscussionMessage.objects.filter(thread__group=group, id__gt=_read_up_to(user))
        .exclude(author__user_id=user.pk)
        .count()
    )


def thread_messages(*, thread: Thread) -> QuerySet[DiscussionMessage]:
    """A thread's messages in order, with their authors and the number of reports still
    open on each (what the group's leads, moderators too, are shown): one query whatever
    their number."""
    open_reports = (
        MessageReport.objects.filter(message=OuterRef("pk"), status=MessageReport.Status.OPEN)
        .order_by()
        .values("message")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        thread.messages.select_related("author")
        .annotate(open_reports=Coalesce(Subquery(open_reports), Value(0)))
        .order_by("created_at", "pk")
    )


def read_up_to(*, thread: Thread, user) -> int:
    if not user.is_authenticated:
        return 0
    return (
        ThreadRead.objects.filter(thread=thread, user=user)
        .values_list("last_message_id", flat=True)
        .first()
        or 0
    )


def group_message_count(*, group: WorkingGroup) -> int:
    return DiscussionMessage.objects.filter(thread__group=group).count()


def frequency_of(*, contact: Contact, group: WorkingGroup) -> str:
    preference = NotificationPreference.objects.filter(contact=contact, group=group).first()
    return preference.frequency if preference else DEFAULT_FREQUENCY


def _preference(frequency_wanted: str):
    """A condition on an outer WorkingGroupMember: the person's preference for the group is
    `frequency_wanted` (the default counts when they chose nothing)."""
    chosen = NotificationPreference.objects.filter(
        contact=OuterRef("contact"), group=OuterRef("group")
    )
    condition = Exists(chosen.filter(frequency=frequency_wanted))
    if frequency_wanted == DEFAULT_FREQUENCY:
        condition |= ~Exists(chosen)
    return condition


def _recipients(group_id: int, frequency: str) -> QuerySet[WorkingGroupMember]:
    return (
        WorkingGroupMember.objects.filter(
            _preference(frequency),
            group_id=group_id,
            status=WorkingGroupMember.Status.ACCEPTED,
            contact__affiliations__isnull=False,
            contact__anonymised_at__isnull=True,
        )
        .exclude(contact__email="")
        .select_related("contact")
        .distinct()
    )


def message_recipients(*, message: DiscussionMessage) -> list[WorkingGroupMember]:
    """Who gets an email for this message: the group's members who want one per message,
    except its author."""
    rows = _recipients(message.thread.group_id, NotificationPreference.Frequency.EACH)
    if message.author_id:
        rows = rows.exclude(contact_id=message.author_id)
    return list(rows.order_by("contact_id"))


def digest_window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The day before `day`, in local time: what the digest sent on `day` tells."""
    start = timezone.make_aware(
        datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time())
    )
    return start, start + datetime.timedelta(days=1)


def digest_recipients(*, day: datetime.date) -> list[tuple[int, int]]:
    """(contact id, group id) of everyone who wants the daily digest of a group where
    somebody else posted the day before `day`."""
    start, stop = digest_window(day)
    busy = DiscussionMessage.objects.filter(
        thread__group=OuterRef("group"), created_at__gte=start, created_at__lt=stop
    ).exclude(author=OuterRef("contact"))
    rows = (
        WorkingGroupMember.objects.filter(
            _preference(NotificationPreference.Frequency.DAILY),
            Exists(busy),
            status=WorkingGroupMember.Status.ACCEPTED,
            contact__affiliations__isnull=False,
            contact__anonymised_at__isnull=True,
        )
        .exclude(contact__email="")
        .order_by("contact_id", "group_id")
        .values_list("contact_id", "group_id")
        .distinct()
    )
    return list(rows)


def digest_messages(
    *, group: WorkingGroup, contact: Contact, day: datetime.date
) -> list[DiscussionMessage]:
    start, stop = digest_window(day)
    return list(
        DiscussionMessage.objects.filter(
            thread__group=group, created_at__gte=start, created_at__lt=stop, is_hidden=False
        )
        .exclude(author=contact)
        .select_related("thread", "author")
        .order_by("thread__title", "thread_id", "created_at", "pk")
    )


def reports_open_count() -> int:
    """Reported messages staff have not reviewed yet (the staff dashboard's tile)."""
    return MessageReport.objects.filter(status=MessageReport.Status.OPEN).count()


def reports_staff_list(*, status: str = "", query: str = "") -> QuerySet[MessageReport]:
    """The reported messages for staff, newest first, with what each row shows."""
    reports = MessageReport.objects.select_related(
        "reporter", "message__author", "message__thread__group"
    )
    if status:
        reports = reports.filter(status=status)
    for term in search_terms(query):
        reports = reports.filter(
            Q(Contains(SearchText("reason"), term))
            | Q(Contains(SearchText("message__body"), term))
            | Q(Contains(SearchText("message__thread__title"), term))
        )
    return reports.order_by("-created_at", "-pk")


def reports_export_rows(*, reports: QuerySet[MessageReport]):
    header = [
        "reported_on",
        "status",
        "group",
        "thread",
        "message_author",
        "message",
        "hidden",
        "reporter",
        "reason",
    ]
    rows = (
        [
            report.created_at.isoformat(),
            report.get_status_display(),
            report.message.thread.group.name,
            report.message.thread.title,
            report.message.author.full_name if report.message.author else "",
            report.message.body,
            report.message.is_hidden,
            report.reporter.full_name if report.reporter else "",
            report.reason,
        ]
        for report in reports
    )
    return header, rows
