"""The member space's home: what the person has to do and what is coming, gathered in a
fixed number of queries whatever the number of organizations, surveys or documents."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from communications.selectors.content import news_published
from events.selectors import upcoming_registrations_of_user
from members.models import Affiliation, Membership
from portal import permissions
from surveys.models import Invitation, Survey

# How many rows each block shows before "see all"; one more is fetched to know there are more.
HOME_BLOCK_SIZE = 5
# Documents uploaded within this many days count as new.
NEW_DOCUMENTS_DAYS = 60
NEWS_COUNT = 3


@dataclass(frozen=True)
class Block:
    """The first rows of a list, and whether the full list has more."""

    items: list
    has_more: bool


@dataclass(frozen=True)
class MembershipStatus:
    """Where an organization stands with its membership today."""

    organization: object
    membership: Membership | None
    # The day the membership ends, so the day it must be renewed by; None without one.
    renewal_on: date | None
    dues_unpaid: bool
    renewal_exists: bool


def _block(queryset, size: int = HOME_BLOCK_SIZE) -> Block:
    rows = list(queryset[: size + 1])
    return Block(items=rows[:size], has_more=len(rows) > size)


def membership_statuses(*, affiliations: list[Affiliation], today: date) -> list[MembershipStatus]:
    """Today's membership of each organization (else its latest), in one query."""
    organization_ids = [affiliation.organization_id for affiliation in affiliations]
    by_organization: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(organization_id__in=organization_ids).order_by(
        "organization_id", "-period_start", "-pk"
    ):
        by_organization.setdefault(membership.organization_id, []).append(membership)
    statuses = []
    for affiliation in affiliations:
        rows = by_organization.get(affiliation.organization_id, [])
        current = next(
            (row for row in rows if row.period_start <= today <= row.period_end),
            rows[0] if rows else None,
        )
        billed = current is not None and current.status in (
            Membership.Status.APPROVED,
            Membership.Status.ACTIVE,
        )
        statuses.append(
            MembershipStatus(
                organization=affiliation.organization,
                membership=current,
                renewal_on=current.period_end if billed else None,
                dues_unpaid=billed and not current.is_paid(),
                renewal_exists=current is not None
                and any(row.period_start > current.period_end for row in rows),
            )
        )
    return statuses


def space_home(*, user, affiliations: list[Affiliation]) -> dict:
    """The blocks of /space/: surveys to answer, upcoming registrations, the memberships,
    new documents of the person's working groups and recent news."""
    now = timezone.now()
    surveys = (
        Invitation.objects.filter(
            contact__user=user, survey__status=Survey.Status.OPEN, answered_at__isnull=True
        )
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .select_related("survey")
        .order_by("survey__closes_at", "-survey__opens_at", "pk")
    )
    documents = (
        permissions.group_documents_readable_by(user)
        .filter(uploaded_at__gte=now - timedelta(days=NEW_DOCUMENTS_DAYS))
        .select_related("group")
        .order_by("-uploaded_at", "-pk")
    )
    return {
        "surveys": _block(surveys),
        "registrations": _block(upcoming_registrations_of_user(user=user)),
        "memberships": membership_statuses(affiliations=affiliations, today=timezone.localdate()),
        "documents": _block(documents),
        "news": _block(news_published().order_by("-published_at", "-pk"), NEWS_COUNT),
    }
