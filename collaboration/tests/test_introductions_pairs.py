"""Two organizations have one introduction at a time, whichever asked: requests and
introductions made by staff, either way, twice, after a decline; who may be asked."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from collaboration.models import Introduction
from collaboration.selectors.introductions import introducible_contacts
from collaboration.services import introductions as services
from collaboration.tests.introductions_factories import contact_of, member_org
from core.tests.factories import UserFactory
from members.models import Affiliation, Organization


@pytest.fixture
def pair(db):
    alpha = member_org("Alpha Numérique")
    beta = member_org("Beta Logiciels")
    return {
        "alpha": alpha,
        "beta": beta,
        "anna": contact_of(alpha, first_name="Anna", email="anna@alpha.test"),
        "bruno": contact_of(beta, first_name="Bruno", email="bruno@beta.test"),
    }


def _ask(pair, requester, target, **kwargs):
    return services.introduction_request(
        requester=pair[requester],
        requested_by=None,
        target=pair[target],
        message="Bonjour",
        **kwargs,
    )


def _make(pair, requester="alpha", target="beta", **kwargs):
    return services.introduction_make(
        requester=pair[requester],
        target=pair[target],
        staff_user=UserFactory(is_staff=True),
        **kwargs,
    )


def test_a_request_back_while_one_waits_is_refused_and_says_to_answer_it(pair):
    _ask(pair, "alpha", "beta")
    with pytest.raises(services.IntroductionRefused, match="répondez plutôt à sa demande"):
        _ask(pair, "beta", "alpha")
    assert Introduction.objects.count() == 1


@pytest.mark.parametrize(("first", "second"), [("alpha", "beta"), ("beta", "alpha")])
def test_organizations_already_introduced_cannot_ask_again_either_way(pair, first, second):
    services.introduction_accept(introduction=_ask(pair, "alpha", "beta"), contact=pair["bruno"])
    with pytest.raises(services.IntroductionRefused, match="déjà en relation"):
        _ask(pair, first, second)
    assert Introduction.objects.count() == 1


@pytest.mark.parametrize(("first", "second"), [("alpha", "beta"), ("beta", "alpha")])
def test_after_a_decline_neither_side_asks_again_for_180_days(pair, first, second):
    declined = services.introduction_decline(
        introduction=_ask(pair, "alpha", "beta"), contact=pair["bruno"]
    )
    with pytest.raises(services.IntroductionRefused, match="refusée il y a moins de 180 jours"):
        _ask(pair, first, second)
    assert Introduction.objects.count() == 1

    Introduction.objects.filter(pk=declined.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=services.DECLINE_COOLDOWN_DAYS + 1)
    )
    assert _ask(pair, first, second).status == "pending"


def test_a_withdrawn_request_does_not_stop_a_new_one(pair):
    services.introduction_withdraw(introduction=_ask(pair, "alpha", "beta"))
    assert _ask(pair, "alpha", "beta").status == "pending"


def test_an_organization_unlisted_in_the_directory_cannot_be_asked(pair):
    hidden = member_org("Discrète SA", listed=False)
    contact_of(hidden, email="qui@discrete.test")
    with pytest.raises(services.IntroductionRefused):
        services.introduction_request(
            requester=pair["alpha"], requested_by=None, target=hidden, message="Bonjour"
        )
    assert not Introduction.objects.exists()
    assert mail.outbox == []


def test_staff_introduction_submitted_twice_makes_one(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _make(pair)
    with pytest.raises(services.IntroductionRefused, match="déjà en relation"):
        _make(pair)
    with pytest.raises(services.IntroductionRefused, match="déjà en relation"):
        _make(pair, requester="beta", target="alpha")
    assert Introduction.objects.count() == 1
    assert len(mail.outbox) == 2


def test_staff_introduction_while_the_other_side_waits_for_an_answer_is_refused(pair):
    _ask(pair, "beta", "alpha")
    with pytest.raises(
        services.IntroductionRefused, match="De Beta Logiciels à Alpha Numérique|Beta Logiciels"
    ):
        _make(pair, requester="alpha", target="beta")
    assert list(Introduction.objects.values_list("status", flat=True)) == ["pending"]


def test_staff_introduce_member_organizations_only(pair):
    former = member_org("Ancienne", lifecycle=Organization.Lifecycle.FORMER_MEMBER)
    with pytest.raises(services.IntroductionRefused, match="pas une organisation adhérente"):
        services.introduction_make(
            requester=pair["alpha"], target=former, staff_user=UserFactory(is_staff=True)
        )
    assert not Introduction.objects.exists()


def test_the_database_refuses_a_second_open_introduction_the_other_way(pair):
    Introduction.objects.create(requester=pair["alpha"], target=pair["beta"], status="accepted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(requester=pair["beta"], target=pair["alpha"])
    # Closed ones do not count.
    Introduction.objects.create(requester=pair["beta"], target=pair["alpha"], status="declined")


def test_staff_choose_the_person_put_forward_and_only_they_are_emailed(
    pair, django_capture_on_commit_callbacks
):
    chosen = contact_of(
        pair["beta"], first_name="Chloé", email="chloe@beta.test", phone="05 62 00 00 00"
    )
    with django_capture_on_commit_callbacks(execute=True):
        introduction = _make(pair, target_contact=chosen)
    assert introduction.decided_by == chosen and introduction.requested_by == pair["anna"]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"anna@alpha.test", "chloe@beta.test"}
    assert "05 62 00 00 00" in by_address["anna@alpha.test"].body
    assert "bruno@beta.test" not in by_address["anna@alpha.test"].body


def test_staff_cannot_put_forward_someone_of_another_organization(pair):
    with pytest.raises(services.IntroductionRefused, match="pas un contact joignable"):
        _make(pair, target_contact=pair["anna"])
    assert not Introduction.objects.exists()


def test_by_default_the_main_contact_is_put_forward_and_unreachable_people_never(pair):
    unreachable = contact_of(pair["beta"], first_name="Sans", email="")
    Affiliation.objects.filter(contact=unreachable).update(
        position=Affiliation.Position.MAIN_CONTACT
    )
    main = contact_of(pair["beta"], first_name="Marie", email="marie@beta.test")
    Affiliation.objects.filter(contact=main).update(position=Affiliation.Position.MAIN_CONTACT)
    assert services.organization_main_contact(pair["beta"]) == main
    assert unreachable not in introducible_contacts(pair["beta"])
    assert _make(pair).decided_by == main


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("crossed", [False, True])
def test_two_introductions_of_one_pair_at_once_make_one(monkeypatch, crossed):
    """A double submit of the staff form, or two requests crossing (A asks B while B asks
    A): both organizations' rows are locked, the second waits and is refused."""
    from collaboration import tasks

    for task in (tasks.introduction_accepted_send, tasks.introduction_requested_send):
        monkeypatch.setattr(task, "apply_async", lambda *args, **kwargs: None)
    alpha, beta = member_org("Alpha Numérique"), member_org("Beta Logiciels")
    staff = UserFactory(is_staff=True)
    start = threading.Barrier(2)
    refused, errors = [], []

    def introduce(requester, target):
        try:
            start.wait()
            if crossed:
                services.introduction_request(
                    requester=requester, requested_by=None, target=target, message="Bonjour"
                )
            else:
                services.introduction_make(requester=requester, target=target, staff_user=staff)
        except services.IntroductionRefused as refusal:
            refused.append(refusal)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    sides = [(alpha, beta), (beta, alpha) if crossed else (alpha, beta)]
    threads = [threading.Thread(target=introduce, args=side) for side in sides]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(refused) == 1
    assert Introduction.objects.count() == 1
