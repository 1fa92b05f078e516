import pytest
from allauth.account.models import EmailAddress

from core.demo import bulk_copy
from core.models import SentEmail, User

pytestmark = pytest.mark.django_db


def test_bulk_copy_saves_rows_as_bulk_create_would():
    """Ids set on the objects, foreign keys taken from objects saved since they were
    assigned, JSON written as JSON and auto dates filled in."""
    users = [User(email=f"person{number}@example.org") for number in range(3)]
    addresses = [EmailAddress(user=user, email=user.email, verified=True) for user in users]
    emails = [
        SentEmail(
            key=f"demo:{number}",
            to=f"person{number}@example.org",
            template="members/emails/application_received",
            status=SentEmail.Status.FAILED,
            task_args=[number, {"retry": True}],
        )
        for number in range(2)
    ]

    bulk_copy(User, users)
    bulk_copy(EmailAddress, addresses)
    bulk_copy(SentEmail, emails)

    assert [user.pk for user in users] == list(
        User.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert {(address.user_id, address.email) for address in EmailAddress.objects.all()} == {
        (user.pk, user.email) for user in users
    }
    saved = SentEmail.objects.get(key="demo:1")
    assert saved.task_args == [1, {"retry": True}]
    assert saved.status == "failed"
    assert saved.created_at is not None
    # The sequence moved past the copied ids: the next ordinary save does not collide.
    assert User.objects.create(email="next@example.org").pk > users[-1].pk


def test_bulk_copy_refuses_rows_that_already_have_an_id():
    user = User.objects.create(email="saved@example.org")
    with pytest.raises(ValueError, match="new rows only"):
        bulk_copy(User, [user])
