"""Bimonthly thematic debates: members propose topics and vote; the winning topic becomes
the next debate event."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from events.ical import PARIS
from events.models import DebateRound, DebateTopic, DebateVote, Event
from events.selectors import debate_topics_with_votes
from events.services.events import event_create


class DebateError(Exception):
    """The action does not fit the round's state; the message is for the user."""


@transaction.atomic
def debate_round_open(
    *, title_fr: str, title_en: str = "", closes_on: datetime.date | None = None
) -> DebateRound:
    """Open a round; members see one round at a time, so the previous one must be closed."""
    if DebateRound.objects.select_for_update().filter(status=DebateRound.Status.OPEN).exists():
        raise DebateError(gettext("A round is already open: close it before opening another."))
    return DebateRound.objects.create(title_fr=title_fr, title_en=title_en, closes_on=closes_on)


def _today() -> datetime.date:
    return timezone.localtime(timezone.now(), PARIS).date()


def _open_round_locked(debate_round: DebateRound, *, for_members: bool = False) -> DebateRound:
    """The round, locked, if it is open. Members may no longer act once its closing date
    has passed (votes are open through `closes_on`), even before staff close it."""
    locked = DebateRound.objects.select_for_update().get(pk=debate_round.pk)
    if locked.status != DebateRound.Status.OPEN:
        raise DebateError(gettext("This round is closed."))
    if for_members and locked.closes_on is not None and _today() > locked.closes_on:
        raise DebateError(gettext("Proposals and votes for this round closed on its end date."))
    return locked


@transaction.atomic
def debate_topic_propose(
    *, debate_round: DebateRound, contact, title: str, description: str = ""
) -> DebateTopic:
    _open_round_locked(debate_round, for_members=True)
    return DebateTopic.objects.create(
        round=debate_round, title=title, description=description, proposed_by=contact
    )


@transaction.atomic
def debate_vote(*, topic: DebateTopic, contact) -> DebateVote:
    """One vote per contact and round: voting again moves the vote to `topic`."""
    _open_round_locked(topic.round, for_members=True)
    vote, _ = DebateVote.objects.update_or_create(
        round_id=topic.round_id,
        contact=contact,
        defaults={"topic": topic, "created_at": timezone.now()},
    )
    return vote


@transaction.atomic
def debate_round_close(*, debate_round: DebateRound) -> DebateRound:
    """Close the votes; the winner has the most votes, the earliest proposal among equals.
    A round without topics closes with no winner."""
    debate_round = _open_round_locked(debate_round)
    debate_round.winning_topic = debate_topics_with_votes(debate_round=debate_round).first()
    debate_round.status = DebateRound.Status.CLOSED
    debate_round.closed_at = timezone.now()
    debate_round.save(update_fields=["winning_topic", "status", "closed_at"])
    return debate_round


@transaction.atomic
def debate_round_event_create(*, debate_round: DebateRound, created_by=None) -> Event:
    """An unpublished thematic debate on the winning topic, for staff to complete."""
    debate_round = DebateRound.objects.select_for_update().get(pk=debate_round.pk)
    if debate_round.status != DebateRound.Status.CLOSED or debate_round.winning_topic is None:
        raise DebateError(gettext("Close the round with a winning topic first."))
    if debate_round.event_id:
        raise DebateError(gettext("The debate event already exists."))
    topic = debate_round.winning_topic
    # A placeholder date staff change on the edit page: a month after the vote, at 6 pm.
    day = max(debate_round.closes_on or timezone.localdate(), timezone.localdate())
    starts_at = datetime.datetime.combine(
        day + datetime.timedelta(days=30), datetime.time(18, 0), tzinfo=PARIS
    )
    event = event_create(
        values={
            "title_fr": topic.title,
            "kind": Event.Kind.THEMATIC_DEBATE,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "description_fr": topic.description,
            "audience": Event.Audience.MEMBERS,
            "is_published": False,
        },
        created_by=created_by,
    )
    debate_round.event = event
    debate_round.save(update_fields=["event"])
    return event
