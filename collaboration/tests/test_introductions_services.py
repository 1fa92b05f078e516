"""Asking for, answering and making introductions."""

import pytest
from django.core import mail

from collaboration.models import Introduction
from collaboration.services import introductions as services
from collaboration.tests.introductions_factories import contact_of, member_org, post_of
from core.tests.factories import UserFactory
from members.models import Interaction, Organization


@pytest.fixture
def sides(db):
    requester = member_org("Alpha Numérique")
    target = member_org("Beta Logiciels")
    return {
        "requester": requester,
        "target": target,
        "asker": contact_of(requester, first_name="Anna", email="anna@alpha.test"),
        "answerer": contact_of(
            target,
            first_name="Bruno",
            email="bruno@beta.test",
            job_title="Directeur technique",
            phone="05 61 00 00 00",
            preferred_language="en",
        ),
    }


def _request(sides, **kwargs):
    return services.introduction_request(
        requester=kwargs.get("requester", sides["requester"]),
        requested_by=sides["asker"],
        target=kwargs.get("target", sides["target"]),
        message="Bonjour",
    )


def test_request_to_own_organization_is_refused_and_nothing_saved(sides):
    with pytest.raises(services.IntroductionRefused, match="votre propre organisation"):
        _request(sides, target=sides["requester"])
    assert not Introduction.objects.exists()


def test_second_pending_request_to_the_same_organization_is_refused(sides):
    _request(sides)
    with pytest.raises(services.IntroductionRefused, match="attend déjà une réponse"):
        _request(sides)
    assert Introduction.objects.count() == 1


def test_request_to_a_non_member_is_refused(sides):
    prospect = member_org("Prospect", lifecycle=Organization.Lifecycle.PROSPECT)
    with pytest.raises(services.IntroductionRefused):
        _request(sides, target=prospect)
    assert not Introduction.objects.exists()


def test_requests_over_the_quota_are_refused_until_one_is_answered(sides, settings):
    settings.COLLABORATION_PENDING_INTRODUCTIONS_MAX = 2
    first = _request(sides, target=member_org("Cible 1"))
    _request(sides, target=member_org("Cible 2"))
    with pytest.raises(services.IntroductionRefused, match="2 demandes en attente"):
        _request(sides, target=member_org("Cible 3"))
    assert Introduction.objects.count() == 2

    services.introduction_withdraw(introduction=first)
    _request(sides, target=member_org("Cible 4"))
    assert Introduction.objects.filter(status="pending").count() == 2


def test_acceptance_logs_both_organizations_and_emails_both_once(
    sides, django_capture_on_commit_callbacks
):
    introduction = _request(sides)
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_accept(introduction=introduction, contact=sides["answerer"])

    introduction.refresh_from_db()
    assert introduction.status == "accepted"
    assert introduction.decided_by == sides["answerer"]
    logs = Interaction.objects.filter(kind=Interaction.Kind.INTRODUCTION)
    on_requester = logs.get(organization=sides["requester"])
    on_target = logs.get(organization=sides["target"])
    assert "Beta Logiciels" in on_requester.summary
    assert "Alpha Numérique" in on_target.summary
    assert list(on_requester.contacts.all()) == [sides["asker"]]
    assert list(on_target.contacts.all()) == [sides["answerer"]]

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"anna@alpha.test", "bruno@beta.test"}
    # Each gets the other side's details, in their own language.
    to_asker = by_address["anna@alpha.test"]
    assert "bruno@beta.test" in to_asker.body and "05 61 00 00 00" in to_asker.body
    assert "Directeur technique" in to_asker.body
    assert "Bonjour Anna" in to_asker.body
    assert "Hello Bruno" in by_address["bruno@beta.test"].body
    assert "anna@alpha.test" in by_address["bruno@beta.test"].body
    assert to_asker.alternatives[0][1] == "text/html"

    # Sent once: running the sending again sends nothing.
    assert services.introduction_accepted_send(introduction=introduction) == 0
    assert len(mail.outbox) == 2


def test_an_answered_request_cannot_be_answered_again(sides):
    introduction = _request(sides)
    services.introduction_decline(introduction=introduction, contact=sides["answerer"])
    with pytest.raises(services.IntroductionRefused):
        services.introduction_accept(introduction=introduction, contact=sides["answerer"])
    with pytest.raises(services.IntroductionRefused):
        services.introduction_withdraw(introduction=introduction)
    introduction.refresh_from_db()
    assert introduction.status == "declined"
    assert not Interaction.objects.filter(kind=Interaction.Kind.INTRODUCTION).exists()


def test_staff_introduction_is_accepted_at_once_logged_and_emailed(
    sides, django_capture_on_commit_callbacks
):
    animator = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.introduction_make(
            requester=sides["requester"],
            target=sides["target"],
            staff_user=animator,
            message="Vous devriez vous parler.",
        )
    assert introduction.status == "accepted"
    assert introduction.made_by == animator
    assert introduction.requested_by == sides["asker"]
    assert introduction.decided_by == sides["answerer"]
    logs = Interaction.objects.filter(kind=Interaction.Kind.INTRODUCTION)
    assert set(logs.values_list("organization_id", flat=True)) == {
        sides["requester"].pk,
        sides["target"].pk,
    }
    assert all(log.author == animator for log in logs)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@alpha.test",
        "bruno@beta.test",
    ]


def test_staff_cannot_introduce_an_organization_to_itself(sides):
    with pytest.raises(services.IntroductionRefused):
        services.introduction_make(
            requester=sides["requester"],
            target=sides["requester"],
            staff_user=UserFactory(is_staff=True),
        )
    assert not Introduction.objects.exists()


def test_post_close_hides_it_from_current(sides):
    post = post_of(sides["requester"])
    services.post_close(post=post)
    assert not post.__class__.objects.current().exists()


def test_request_emails_the_asked_organizations_people_with_a_login_once(
    sides, django_capture_on_commit_callbacks
):
    from members.tests.factories import member_user

    user = member_user(sides["target"], email="chloe@beta.test")
    with django_capture_on_commit_callbacks(execute=True):
        introduction = _request(sides)
    # Bruno has no login to answer with: only Chloé is told.
    (message,) = mail.outbox
    assert message.to == ["chloe@beta.test"]
    assert "Alpha Numérique" in message.subject
    assert "Bonjour" in message.body and "anna@alpha.test" not in message.body
    assert user.contact.email == "chloe@beta.test"
    assert services.introduction_requested_send(introduction=introduction) == 0
    assert len(mail.outbox) == 1
