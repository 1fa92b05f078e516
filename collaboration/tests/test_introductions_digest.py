"""The weekly digest of needs and offers: who gets what, once a week, and how to stop it."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.models import DigestSending, DigestSubscription, Post
from collaboration.services import introductions as services
from collaboration.tests.introductions_factories import (
    competence,
    contact_of,
    member_org,
    post_of,
    sector,
)


@pytest.fixture
def reader(db):
    cyber, industry = competence("Cybersécurité"), sector("Industrie")
    home = member_org("Alpha Numérique", competences=[cyber], sectors=[industry])
    contact = contact_of(home, first_name="Anna", email="anna@alpha.test")
    DigestSubscription.objects.create(contact=contact)
    return {"home": home, "contact": contact, "cyber": cyber, "industry": industry}


def _aged(post, days):
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_digest_lists_the_weeks_matching_posts_of_other_organizations(reader):
    other = member_org("Beta Logiciels")
    by_competence = post_of(other, competences=[reader["cyber"]], title="Audit OT")
    by_sector = post_of(other, sectors=[reader["industry"]], kind="offer", title="Banc 5G")
    post_of(other, competences=[competence("Cloud")], title="Sans rapport")
    post_of(reader["home"], competences=[reader["cyber"]], title="La nôtre")
    _aged(post_of(other, competences=[reader["cyber"]], title="Trop ancienne"), 9)
    closed = post_of(other, competences=[reader["cyber"]], title="Close")
    services.post_close(post=closed)

    posts = services.digest_posts_for(contact=reader["contact"], today=timezone.localdate())

    assert {post.title for post in posts} == {by_competence.title, by_sector.title}
    assert services.digest_send(contact=reader["contact"], today=timezone.localdate())
    (message,) = mail.outbox
    assert message.to == ["anna@alpha.test"]
    assert "Audit OT" in message.body and "Banc 5G" in message.body
    assert "Sans rapport" not in message.body and "La nôtre" not in message.body
    assert "Bonjour Anna" in message.body
    assert DigestSending.objects.get(contact=reader["contact"]).posts == 2


def test_no_digest_on_a_week_without_matching_posts(reader):
    post_of(member_org("Beta"), competences=[competence("Cloud")])
    assert not services.digest_send(contact=reader["contact"], today=timezone.localdate())
    assert mail.outbox == []
    assert not DigestSending.objects.exists()


def test_digest_is_sent_once_a_week_even_when_the_task_runs_twice(
    reader, django_capture_on_commit_callbacks
):
    post_of(member_org("Beta"), competences=[reader["cyber"]])
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.digests_queue(today=timezone.localdate()) == 1
    assert len(mail.outbox) == 1
    assert DigestSending.objects.count() == 1


def test_digest_of_the_next_week_is_sent_again(reader):
    post_of(member_org("Beta"), competences=[reader["cyber"]])
    today = timezone.localdate()
    assert services.digest_send(contact=reader["contact"], today=today)
    assert services.digest_send(contact=reader["contact"], today=today + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_unsubscribe_link_of_the_email_stops_the_digest_in_one_click(reader, client):
    post_of(member_org("Beta"), competences=[reader["cyber"]])
    services.digest_send(contact=reader["contact"], today=timezone.localdate())
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header in message.body
    path = re.sub(r"^https?://[^/]+", "", header)

    # Opening the link asks for a confirmation; a mail client's one-click POST unsubscribes.
    assert client.get(path).status_code == 200
    assert DigestSubscription.objects.filter(contact=reader["contact"]).exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not DigestSubscription.objects.filter(contact=reader["contact"]).exists()


def test_unknown_unsubscribe_link_is_a_404(client, db):
    url = reverse("collaboration:digest_unsubscribe", kwargs={"token": "nope"})
    assert client.post(url).status_code == 404


def test_member_toggles_the_digest_from_the_space(personas, client_for):
    client = client_for("member_contact")
    contact = personas.member_contact.contact
    url = reverse("collaboration:space_digest")
    page = client.get(url)
    assert "Chaque lundi matin" in page.content.decode()

    client.post(url, {"subscribed": "1"})
    assert DigestSubscription.objects.filter(contact=contact).exists()
    client.post(url, {"subscribed": "0"})
    assert not DigestSubscription.objects.filter(contact=contact).exists()
