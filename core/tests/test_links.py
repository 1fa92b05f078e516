"""Personal links (core.links): a random token issued for one object and one purpose, stored
only as its hash, answering None for anything but a live link of the asked purpose."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.utils import timezone

from core import links
from core.email import email_send_once
from core.models import PersonalLink, SentEmail, User
from core.tests.database import assert_nowhere_in_database, tables_holding
from core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PURPOSE = "core.test"


def _in(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _resolve(token, purpose=PURPOSE, queryset=None):
    if queryset is None:
        queryset = User.objects.all()
    return links.link_resolve(purpose=purpose, token=token, queryset=queryset)


def test_an_issued_link_opens_its_object():
    user = UserFactory()
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    assert _resolve(token) == user
    # URL-safe, and long enough not to be guessed (32 random bytes).
    assert len(token) >= 43 and token.replace("-", "").replace("_", "").isalnum()


def test_each_issue_is_a_new_token_and_earlier_ones_keep_working():
    user = UserFactory()
    first = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    second = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    assert first != second
    assert _resolve(first) == user and _resolve(second) == user


def test_only_the_sha256_is_stored_and_the_token_is_in_no_column_of_the_database():
    user = UserFactory()
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    link = PersonalLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (link.purpose, link.object_id) == (PURPOSE, user.pk)
    assert_nowhere_in_database(token)
    # The scan itself finds what is stored: the hash, in the links' table.
    assert tables_holding(link.token_hash) == [PersonalLink._meta.db_table]


def test_an_expired_link_opens_nothing():
    user = UserFactory()
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    PersonalLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _resolve(token) is None


def test_a_link_opens_nothing_after_its_expiry_time():
    user = UserFactory()
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    later = _in(1) + datetime.timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert _resolve(token) is None


def test_a_link_opens_nothing_for_another_purpose():
    user = UserFactory()
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    assert _resolve(token, purpose="core.other") is None


def test_a_link_opens_nothing_of_another_kind_even_with_the_same_primary_key():
    user = UserFactory()
    SentEmail.objects.create(pk=user.pk, key="k", to="a@example.org", template="t", status="sent")
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    assert _resolve(token, queryset=SentEmail.objects.all()) is None


@pytest.mark.parametrize("token", ["", "unknown", "x" * 129, "a/b", "é" * 50])
def test_unknown_or_malformed_tokens_open_nothing(token):
    user = UserFactory()
    links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    assert _resolve(token) is None


def test_the_caller_queryset_still_filters(django_assert_num_queries):
    user = UserFactory(is_active=False)
    token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    assert _resolve(token, queryset=User.objects.filter(is_active=True)) is None
    # One query: the link is looked up inside the object's query.
    with django_assert_num_queries(1):
        assert _resolve(token) == user


def test_revoking_retires_the_links_of_one_purpose_only():
    user, other = UserFactory(), UserFactory()
    retired = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    kept = links.link_issue(target=user, purpose="core.other", expires_at=_in(1))
    neighbour = links.link_issue(target=other, purpose=PURPOSE, expires_at=_in(1))
    assert links.links_revoke(target=user, purpose=PURPOSE) == 1
    assert _resolve(retired) is None
    assert _resolve(kept, purpose="core.other") == user
    assert _resolve(neighbour) == other


def test_extending_only_ever_lengthens_a_link():
    user, other = UserFactory(), UserFactory()
    short = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    long = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(30))
    elsewhere = links.link_issue(target=other, purpose=PURPOSE, expires_at=_in(1))
    changed = links.links_extend(
        queryset=User.objects.filter(pk=user.pk), purposes=[PURPOSE], expires_at=_in(10)
    )
    assert changed == 1
    expiry = dict(PersonalLink.objects.values_list("token_hash", "expires_at"))
    assert abs(expiry[links.token_hash(short)] - _in(10)) < datetime.timedelta(minutes=1)
    assert expiry[links.token_hash(long)] > _in(29)
    assert expiry[links.token_hash(elsewhere)] < _in(2)


def test_purge_deletes_expired_links_only():
    user = UserFactory()
    live = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
    links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(-1))
    assert links.links_purge() == 1
    assert _resolve(live) == user
    assert PersonalLink.objects.count() == 1


def test_a_lazy_email_context_is_built_only_for_an_email_that_leaves():
    """So that an email skipped as already sent issues no link (reminder runs repeat)."""
    user = UserFactory()
    built = []

    def context():
        token = links.link_issue(target=user, purpose=PURPOSE, expires_at=_in(1))
        built.append(token)
        return {"first_name": token, "organization_name": "Gamma"}

    def send():
        return email_send_once(
            key="links:lazy",
            template="members/emails/application_received",
            to="gaelle@gamma.example",
            context=context,
            language="en",
            attachments=lambda ctx: [("token.txt", ctx["first_name"], "text/plain")],
        )

    assert send() is True
    assert send() is False
    assert len(built) == 1 and PersonalLink.objects.count() == 1
    assert mail.outbox[0].attachments == [("token.txt", built[0], "text/plain")]
