"""The demo's discussions: threads in several groups, a locked one, a hidden message, a
report for staff, and unread messages for the member login."""

import random

from django.utils import timezone

from community.demo import discussions
from community.models import DiscussionMessage, MessageReport, Thread
from community.selectors.discussions import group_unread_count
from core.tests.factories import UserFactory
from members.models import Affiliation, WorkingGroup, WorkingGroupMember
from members.tests.factories import OrganizationFactory, member_user


def test_demo_seeds_believable_threads_and_unread_messages_for_the_member_login(db):
    organization = OrganizationFactory()
    login = member_user(organization, Affiliation.Access.ADMIN)
    others = [member_user(OrganizationFactory()).contact for _ in range(4)]
    for slug in discussions.THREADS:
        group = WorkingGroup.objects.create(slug=slug, name_fr=slug)
        for contact in others:
            WorkingGroupMember.objects.create(group=group, contact=contact, status="accepted")
    people = [(login.contact, login.contact.affiliations.get())]
    counts = discussions.seed(
        rng=random.Random("demo"),
        organizations=[organization],
        people=people,
        staff_user=UserFactory(is_staff=True),
        events=[],
        today=timezone.localdate(),
    )
    assert counts["discussion threads"] == Thread.objects.count() == 5
    assert Thread.objects.values("group").distinct().count() >= 2
    assert Thread.objects.filter(is_locked=True).count() == 1
    assert DiscussionMessage.objects.filter(is_hidden=True).count() == 1
    assert MessageReport.objects.filter(status="open").exists()
    cyber = WorkingGroup.objects.get(slug="cybersecurite")
    assert group_unread_count(group=cyber, user=login) > 0
    for thread in Thread.objects.all():
        messages = thread.messages.order_by("created_at", "pk")
        authors = list(messages.values_list("author", flat=True))
        assert all(a != b for a, b in zip(authors, authors[1:], strict=False)), thread.title
    discussions.flush()
    assert not Thread.objects.exists()
