"""What an animator chose for themselves on the dashboard: which arrivals they are emailed
about, and when they last looked at each list (what counts as "new" for them)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from core.email import EmailNotSentError, email_send_once
from core.models import AnimatorPreferences, User

# The lists an animator "looks at": the field of AnimatorPreferences that remembers when.
SEEN_FIELDS = {
    "applications": "applications_seen_at",
    "guest_registrations": "guest_registrations_seen_at",
}
# The arrivals an animator may be emailed about: the field of their choice.
EMAIL_FIELDS = {
    "applications": "email_new_applications",
    "guest_registrations": "email_guest_registrations",
}
# Someone who never looked sees as new what arrived in this many days.
FIRST_LOOK_DAYS = 30


def animator_preferences(*, user) -> AnimatorPreferences:
    """The animator's preferences; defaults, unsaved, until they change something."""
    return AnimatorPreferences.objects.filter(user=user).first() or AnimatorPreferences(user=user)


def animator_preferences_set(
    *, user, email_new_applications: bool, email_guest_registrations: bool
) -> AnimatorPreferences:
    preferences, _created = AnimatorPreferences.objects.update_or_create(
        user=user,
        defaults={
            "email_new_applications": email_new_applications,
            "email_guest_registrations": email_guest_registrations,
        },
    )
    return preferences


def animator_seen(*, user, what: str) -> None:
    """The animator looked at the list `what` (a key of SEEN_FIELDS): nothing in it is new
    for them any more."""
    field = SEEN_FIELDS[what]
    # One INSERT … ON CONFLICT DO UPDATE: the lists calling this keep a fixed query count.
    AnimatorPreferences.objects.bulk_create(
        [AnimatorPreferences(user=user, **{field: timezone.now()})],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=[field],
    )


def new_since(*, preferences: AnimatorPreferences, what: str) -> datetime:
    """From when arrivals in the list `what` count as new for this animator."""
    seen = getattr(preferences, SEEN_FIELDS[what])
    return seen or timezone.now() - timedelta(days=FIRST_LOOK_DAYS)


def animators_to_email(*, about: str) -> QuerySet[User]:
    """Active animators who asked to be emailed about `about` (a key of EMAIL_FIELDS)."""
    return User.objects.filter(
        is_staff=True,
        is_active=True,
        **{f"animator_preferences__{EMAIL_FIELDS[about]}": True},
    ).order_by("pk")


def animators_notify(
    *, about: str, occasion: str, template: str, context: dict, url_name: str, url_kwargs=None
) -> int:
    """Email every animator who asked for it about one arrival, once each (`occasion` names
    the arrival: a retried task or a second call sends nothing more), with a link to
    `url_name` in their language as `url`. Returns how many were sent by this call."""
    sent = 0
    refused = None
    for animator in animators_to_email(about=about):
        with translation.override(animator.preferred_language):
            url = settings.SITE_URL + reverse(url_name, kwargs=url_kwargs)
        try:
            sent += email_send_once(
                key=f"animator-notify:{occasion}:{animator.pk}",
                template=template,
                to=animator.email,
                language=animator.preferred_language,
                context={"first_name": animator.first_name, "url": url, **context},
            )
        except EmailNotSentError as error:
            # The other animators still hear of it; the task is retried for this one.
            refused = refused or error
    if refused is not None:
        raise refused
    return sent
