"""The working groups' figures of a report (see reports.selectors.snapshot for the schema),
and the facts of one group's quarterly synthesis.

For a period (which ends today while it runs, as in reports.selectors.events):
- meetings: the group's events (Event.working_group) held in the period, by the rules of
  the events section (own, published, not cancelled, starting in the period);
- participants: the distinct people marked present at those meetings (confirmed or
  waitlisted registrations), a person being their contact, or their email for a guest;
- documents: the group's documents uploaded in the period;
- messages: the messages posted in the group's discussions (community) in the period;
- joined: the members accepted in the period (decided_at in it);
- members: the members accepted on or before the period's end day; an accepted row
  without a decision date counts for no period;
- synthesis: the group's synthesis reports ("synthesis" Report rows) whose period_start
  falls in the period, oldest first, each one's text taken from its latest published
  version (a draft is the animator's work in progress: the members' edition of a cluster
  report must not show it before the group's members see it); several are joined, each
  under a
  "### <quarter>" heading in the text's language; null when none has any text.

The report lists every active group, and every other one that had a meeting, a document, a
message or a new member in the period, by French name.
"""

from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import translation

from community.models import DiscussionMessage
from events.models import Registration
from events.selectors import ACTIVE_STATUSES
from members.models import WorkingGroup, WorkingGroupDocument, WorkingGroupMember
from reports.models import Report, ReportVersion
from reports.periods import Period, Periods
from reports.selectors.events import day_range, held_events, local_day

FIGURES = ("meetings", "participants", "documents", "messages", "joined", "members")
# Annotated as "n_<figure>": "documents" and "members" are already the group's relations.
ANNOTATED = tuple(f"n_{figure}" for figure in FIGURES)
LANGUAGES = ("fr", "en")


def _count(rows, *, group: str, counted="pk", distinct: bool = False):
    """A subquery counting `rows`, filtered on the outer group through the field `group`;
    0 when there are none."""
    counts = rows.order_by().values(group).annotate(n=Count(counted, distinct=distinct))
    return Coalesce(Subquery(counts.values("n")), 0)


def _figures(period: Period) -> dict:
    """The group's figures as subqueries on the outer WorkingGroup: one query for all groups."""
    start, stop = day_range(period)
    present = Registration.objects.filter(
        event__in=held_events(period),
        event__working_group=OuterRef("pk"),
        attendance=Registration.Attendance.PRESENT,
        status__in=ACTIVE_STATUSES,
    ).annotate(person=Coalesce(Cast("contact", CharField()), "email"))
    accepted = WorkingGroupMember.objects.filter(
        group=OuterRef("pk"), status=WorkingGroupMember.Status.ACCEPTED, decided_at__lt=stop
    )
    documents = WorkingGroupDocument.objects.filter(
        group=OuterRef("pk"), uploaded_at__gte=start, uploaded_at__lt=stop
    )
    return {
        "n_meetings": _count(
            held_events(period).filter(working_group=OuterRef("pk")), group="working_group"
        ),
        "n_participants": _count(
            present, group="event__working_group", counted="person", distinct=True
        ),
        "n_documents": _count(documents, group="group"),
        "n_messages": _count(
            DiscussionMessage.objects.filter(
                thread__group=OuterRef("pk"), created_at__gte=start, created_at__lt=stop
            ),
            group="thread__group",
        ),
        "n_joined": _count(accepted.filter(decided_at__gte=start), group="group"),
        "n_members": _count(accepted, group="group"),
    }


def _entry(row: dict) -> dict:
    return {
        "slug": row["slug"],
        "name_fr": row["name_fr"],
        "name_en": row["name_en"],
        **{figure: row[f"n_{figure}"] for figure in FIGURES},
    }


def _texts(report: dict) -> dict | None:
    """The synthesis's text as its latest published version froze it; None unpublished."""
    if report["version_texts"] is None:
        return None
    narrative = report["version_texts"].get("narrative", {})
    texts = {language: narrative.get(language, "") for language in LANGUAGES}
    return texts if any(texts.values()) else None


def _syntheses(period: Period) -> dict[int, dict]:
    """Each group's synthesis for `period`, in one query."""
    latest_texts = (
        ReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number").values("texts")[:1]
    )
    reports = (
        Report.objects.filter(
            kind=Report.Kind.SYNTHESIS,
            period_start__gte=period.start,
            period_start__lte=period.end,
        )
        .annotate(version_texts=Subquery(latest_texts))
        .order_by("period_start", "pk")
        .values("working_group", "period_start", "period_end", "version_texts")
    )
    parts: dict[int, list[tuple[Period, dict]]] = {}
    for report in reports:
        texts = _texts(report)
        if texts is not None:
            quarter = Period("quarter", report["period_start"], report["period_end"])
            parts.setdefault(report["working_group"], []).append((quarter, texts))
    return {group: _joined(quarters) for group, quarters in parts.items()}


def _joined(quarters: list[tuple[Period, dict]]) -> dict:
    if len(quarters) == 1:
        return quarters[0][1]
    joined = {}
    for language in LANGUAGES:
        with translation.override(language):
            joined[language] = "\n\n".join(
                f"### {quarter.label()}\n\n{texts[language]}".rstrip()
                for quarter, texts in quarters
            )
    return joined


def groups_section(*, periods: Periods) -> list:
    """The "groups" part of the snapshot, in two queries: the groups with their figures
    (subqueries), and the syntheses of the period with their latest version's texts."""
    current = periods.current
    figures = _figures(current)
    busy = (
        Q(status=WorkingGroup.Status.ACTIVE)
        | Q(n_meetings__gt=0)
        | Q(n_documents__gt=0)
        | Q(n_messages__gt=0)
        | Q(n_joined__gt=0)
    )
    rows = (
        WorkingGroup.objects.annotate(**figures)
        .filter(busy)
        .order_by("name_fr", "pk")
        .values("pk", "slug", "name_fr", "name_en", *ANNOTATED)
    )
    syntheses = _syntheses(current)
    return [{**_entry(row), "synthesis": syntheses.get(row["pk"])} for row in rows]


def group_facts(*, periods: Periods, group: WorkingGroup) -> dict:
    """The "group" part of a synthesis's snapshot, in three queries: the group's figures,
    its meetings with the people present, and its documents of the period."""
    current = periods.current
    start, stop = day_range(current)
    row = (
        WorkingGroup.objects.filter(pk=group.pk)
        .annotate(**_figures(current))
        .values("pk", "slug", "name_fr", "name_en", *ANNOTATED)
        .get()
    )
    meetings = (
        held_events(current)
        .filter(working_group=group)
        .annotate(
            present=Count(
                "registrations",
                filter=Q(
                    registrations__attendance=Registration.Attendance.PRESENT,
                    registrations__status__in=ACTIVE_STATUSES,
                ),
            )
        )
        .order_by("starts_at", "pk")
        .values("title_fr", "title_en", "starts_at", "present")
    )
    documents = (
        WorkingGroupDocument.objects.filter(
            group=group, uploaded_at__gte=start, uploaded_at__lt=stop
        )
        .order_by("uploaded_at", "pk")
        .values("title", "uploaded_at")
    )
    return {
        **_entry(row),
        "events": [
            {
                "title_fr": meeting["title_fr"],
                "title_en": meeting["title_en"],
                "date": local_day(meeting["starts_at"]).isoformat(),
                "present": meeting["present"],
            }
            for meeting in meetings
        ],
        "documents_list": [
            {"title": document["title"], "date": local_day(document["uploaded_at"]).isoformat()}
            for document in documents
        ],
    }


def group_is_empty(facts: dict) -> bool:
    """Nothing happened in the group in the period: no meeting, document, message or new
    member (its standing members are not news)."""
    return not (facts["meetings"] or facts["documents"] or facts.get("messages") or facts["joined"])
