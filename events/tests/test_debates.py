"""Thematic debates: proposals, one vote per contact and round, closing the round, and the
winning topic becoming the debate event."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from events.ical import PARIS
from events.models import DebateRound, DebateTopic, DebateVote, Event
from events.services import debates
from members.tests.factories import ContactFactory


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def debate_round(db):
    return debates.debate_round_open(title_fr="Débat de mai", title_en="May debate")


def topic(debate_round, title, minutes=0):
    created = debates.debate_topic_propose(
        debate_round=debate_round, contact=ContactFactory(), title=title
    )
    # Proposal order decides ties: make it explicit rather than rely on the clock.
    DebateTopic.objects.filter(pk=created.pk).update(
        created_at=created.created_at + datetime.timedelta(minutes=minutes)
    )
    return created


def test_voting_again_moves_the_vote(debate_round):
    first, second = topic(debate_round, "IA", 0), topic(debate_round, "Cloud", 1)
    contact = ContactFactory()
    debates.debate_vote(topic=first, contact=contact)
    debates.debate_vote(topic=second, contact=contact)
    vote = DebateVote.objects.get(round=debate_round, contact=contact)
    assert vote.topic == second
    assert first.votes.count() == 0


def test_the_database_refuses_a_second_vote_in_a_round(debate_round):
    first, second = topic(debate_round, "IA", 0), topic(debate_round, "Cloud", 1)
    contact = ContactFactory()
    DebateVote.objects.create(round=debate_round, topic=first, contact=contact)
    with pytest.raises(IntegrityError):
        DebateVote.objects.create(round=debate_round, topic=second, contact=contact)


def test_closing_picks_the_most_voted_topic(debate_round):
    early, popular = topic(debate_round, "IA", 0), topic(debate_round, "Cloud", 1)
    for _ in range(2):
        debates.debate_vote(topic=popular, contact=ContactFactory())
    debates.debate_vote(topic=early, contact=ContactFactory())
    closed = debates.debate_round_close(debate_round=debate_round)
    assert closed.winning_topic == popular
    assert closed.status == DebateRound.Status.CLOSED
    assert closed.closed_at is not None


def test_a_tie_goes_to_the_earliest_proposal(debate_round):
    later = topic(debate_round, "Later", 5)
    earlier = topic(debate_round, "Earlier", 1)
    debates.debate_vote(topic=later, contact=ContactFactory())
    debates.debate_vote(topic=earlier, contact=ContactFactory())
    assert debates.debate_round_close(debate_round=debate_round).winning_topic == earlier


def test_a_closed_round_takes_no_more_votes_or_topics(debate_round):
    proposed = topic(debate_round, "IA")
    debates.debate_round_close(debate_round=debate_round)
    with pytest.raises(debates.DebateError):
        debates.debate_vote(topic=proposed, contact=ContactFactory())
    with pytest.raises(debates.DebateError):
        debates.debate_topic_propose(debate_round=debate_round, contact=None, title="Late")
    with pytest.raises(debates.DebateError):
        debates.debate_round_close(debate_round=debate_round)


def test_the_winning_topic_becomes_an_unpublished_thematic_debate(debate_round):
    winner = topic(debate_round, "Souveraineté numérique")
    DebateTopic.objects.filter(pk=winner.pk).update(description="Pourquoi c'est urgent.")
    with pytest.raises(debates.DebateError):
        debates.debate_round_event_create(debate_round=debate_round)  # still open
    debates.debate_vote(topic=winner, contact=ContactFactory())
    debates.debate_round_close(debate_round=debate_round)

    event = debates.debate_round_event_create(debate_round=debate_round)

    assert event.kind == Event.Kind.THEMATIC_DEBATE
    assert event.title_fr == "Souveraineté numérique"
    assert event.description_fr == "Pourquoi c'est urgent."
    assert not event.is_published
    assert event.ends_at > event.starts_at
    debate_round.refresh_from_db()
    assert debate_round.event == event
    with pytest.raises(debates.DebateError):
        debates.debate_round_event_create(debate_round=debate_round)


def test_a_round_without_topics_closes_without_winner(debate_round):
    assert debates.debate_round_close(debate_round=debate_round).winning_topic is None
    with pytest.raises(debates.DebateError):
        debates.debate_round_event_create(debate_round=debate_round)


# Pages


def test_members_propose_and_vote_on_the_round_page(client_for, personas, debate_round):
    client = client_for("member_contact")
    response = client.post(
        en("events:space_debates"), {"title": "Recruter des développeurs", "description": ""}
    )
    assert response.status_code == 302
    proposed = DebateTopic.objects.get()
    assert proposed.proposed_by == personas.member_contact.contact

    other = topic(debate_round, "Export", 1)
    client.post(en("events:space_debate_vote", pk=proposed.pk))
    client.post(en("events:space_debate_vote", pk=other.pk))
    assert DebateVote.objects.get().topic == other

    page = client.get(en("events:space_debates")).content.decode()
    assert "Recruter des développeurs" in page
    assert "Your vote" in page
    assert "Move my vote here" in page


def test_proposing_an_empty_topic_shows_the_error(client_for, personas, debate_round):
    response = client_for("member_admin").post(en("events:space_debates"), {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not DebateTopic.objects.exists()


def test_voting_in_a_closed_round_is_refused_with_a_message(client_for, personas, debate_round):
    proposed = topic(debate_round, "IA")
    debates.debate_round_close(debate_round=debate_round)
    response = client_for("member_contact").post(
        en("events:space_debate_vote", pk=proposed.pk), follow=True
    )
    assert "This round is closed." in response.content.decode()
    assert not DebateVote.objects.exists()


def test_staff_open_close_and_turn_the_winner_into_an_event(client_for, personas, db):
    staff = client_for("staff")
    response = staff.post(
        en("events:staff_debates"), {"title_fr": "Débat de juin", "closes_on": "2030-06-01"}
    )
    debate_round = DebateRound.objects.get()
    assert response["Location"] == en("events:staff_debate", pk=debate_round.pk)
    winner = topic(debate_round, "Cybersécurité")
    debates.debate_vote(topic=winner, contact=ContactFactory())

    staff.post(en("events:staff_debate_close", pk=debate_round.pk))
    debate_round.refresh_from_db()
    assert debate_round.winning_topic == winner

    response = staff.post(en("events:staff_debate_event", pk=debate_round.pk))
    event = Event.objects.get()
    assert response["Location"] == en("events:staff_event_edit", pk=event.pk)
    assert event.starts_at.date() >= datetime.date(2030, 7, 1)


@pytest.mark.parametrize("size", [1, 12])
def test_round_pages_query_count_does_not_grow(
    client_for, personas, debate_round, django_assert_num_queries, size
):
    for number in range(size):
        proposed = topic(debate_round, f"Topic {number}", number)
        debates.debate_vote(topic=proposed, contact=ContactFactory())
    member = client_for("member_contact")
    # session, user; member check; the user's contact; the open round; its topics with
    # proposers and vote counts; the contact's vote; the last closed round; the header's
    # "is a member" check.
    with django_assert_num_queries(9):
        response = member.get(en("events:space_debates"))
    assert len(response.context["topics"]) == size
    staff = client_for("staff")
    # session, user; the round; its topics with proposers and vote counts; the header's
    # "is a member" check.
    with django_assert_num_queries(5):
        response = staff.get(en("events:staff_debate", pk=debate_round.pk))
    assert response.content.decode().count('class="topic-row"') == size


def test_votes_and_proposals_after_the_closing_date_are_refused(debate_round):
    proposed = topic(debate_round, "IA")
    DebateRound.objects.filter(pk=debate_round.pk).update(
        closes_on=datetime.date.today() - datetime.timedelta(days=2)
    )
    with translation.override("en"), pytest.raises(debates.DebateError, match="end date"):
        debates.debate_vote(topic=proposed, contact=ContactFactory())
    with translation.override("en"), pytest.raises(debates.DebateError, match="end date"):
        debates.debate_topic_propose(debate_round=debate_round, contact=ContactFactory(), title="X")
    assert not DebateVote.objects.exists()
    assert DebateTopic.objects.count() == 1


def test_votes_are_accepted_on_the_closing_day(debate_round):
    proposed = topic(debate_round, "IA")
    DebateRound.objects.filter(pk=debate_round.pk).update(
        closes_on=timezone.localtime(timezone.now(), PARIS).date()
    )
    debates.debate_vote(topic=proposed, contact=ContactFactory())
    assert DebateVote.objects.count() == 1


def test_a_second_open_round_is_refused(client_for, personas, debate_round):
    with translation.override("en"), pytest.raises(debates.DebateError, match="already open"):
        debates.debate_round_open(title_fr="Autre")
    response = client_for("staff").post(en("events:staff_debates"), {"title_fr": "Autre"})
    assert response.status_code == 200
    assert "A round is already open" in response.content.decode()
    assert DebateRound.objects.count() == 1
