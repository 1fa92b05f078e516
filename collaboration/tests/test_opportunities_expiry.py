"""Items leave the board by themselves: the queries follow the date, and a nightly task makes
the stored public pages follow it too. And the whole path of an internship, from the
member's form to the board and off it."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse

from collaboration import tasks
from collaboration.models import Opportunity
from collaboration.tests.opportunity_factories import opportunity_make
from core.pagecache import topic_versions

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _board(client) -> str:
    return client.get(reverse("collaboration:opportunity_board")).content.decode()


def test_the_nightly_task_drops_an_expired_item_from_the_stored_board(client, today_is):
    today_is(TODAY)
    opportunity_make(title="Stage qui expire", expires_on=TODAY)
    assert "Stage qui expire" in _board(client)  # rendered, and stored

    today_is(TODAY + datetime.timedelta(days=1))
    # Nothing changed in the database: the stored page is still served...
    assert "Stage qui expire" in _board(client)
    versions = topic_versions(["opportunities"])

    tasks.opportunities_board_refresh()

    assert topic_versions(["opportunities"]) != versions
    assert "Stage qui expire" not in _board(client)


def test_the_nightly_task_runs_just_after_midnight():
    entry = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "collaboration.tasks.opportunities_board_refresh"
    )
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {0}
    assert entry["schedule"].minute == {5}
    assert tasks.opportunities_board_refresh.name == entry["task"]


def test_an_internship_posted_by_a_member_shows_after_moderation_and_leaves_after_expiry(
    client, client_for, personas, today_is, django_capture_on_commit_callbacks
):
    today_is(TODAY)
    member = client_for("member_admin")
    member.post(
        reverse("collaboration:space_opportunity_create"),
        {
            "kind": "internship",
            "title": "Stage développeur·se Python — 6 mois",
            "description": "Au sein de l'équipe data.",
            "apply_email": "stages@alpha.test",
            "expires_on": "2026-12-20",
        },
    )
    item = Opportunity.objects.get()
    member.logout()
    assert "Stage développeur·se Python" not in _board(client)
    detail = reverse("collaboration:opportunity_detail", args=[item.slug])
    assert client.get(detail).status_code == 404

    staff = client_for("staff")
    review = reverse("collaboration:staff_opportunity_review", args=[item.pk])
    # The decision carries the version of the item the moderator read.
    version = staff.get(review).content.decode().split('name="version" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review, {"decision": "approve", "version": version})
    staff.logout()

    assert "Stage développeur·se Python" in _board(client)
    assert client.get(detail).status_code == 200

    today_is(datetime.date(2026, 12, 20))
    tasks.opportunities_board_refresh()
    assert "Stage développeur·se Python" in _board(client)

    today_is(datetime.date(2026, 12, 21))
    tasks.opportunities_board_refresh()
    assert "Stage développeur·se Python" not in _board(client)
    assert client.get(detail).status_code == 404
