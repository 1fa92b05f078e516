"""Personal links: the one way the portal makes a link that acts for one person without
signing in (accept an invitation, answer a survey, confirm or cancel a registration,
confirm a newsletter sign-up or a public survey answer, open a registrant at the door).

A link is a random token (`secrets`, 256 bits) issued for one object and one purpose, with
an expiry. `link_issue` returns the token for the URL and stores only its SHA-256; whoever
reads the database cannot rebuild a link. `link_resolve(purpose=..., token=..., queryset=...)`
answers the object, or None for a token that is unknown, expired, issued for another
purpose or for another kind of object: the caller cannot tell these apart, nor can the
visitor.

Design choices:
- One table, core.PersonalLink, pointing at its object through a content type and a
  primary key (a generic foreign key): core imports no domain app, every app uses the same
  code, and an object may hold several live links at once. That is what reminders need: each
  email issues a fresh link and earlier ones keep working until they expire. (A hashed-token
  column on each model would hold one link per row, so a reminder would have to retire the
  link of the first email, or the token would have to be derived from a key.) Each owning
  model declares `links = GenericRelation("core.PersonalLink")` so that its links are deleted
  with it.
- A plain SHA-256, with no salt and no key: a 256-bit random token cannot be guessed from
  its hash, and without a key, rotating SECRET_KEY retires no link.
- Nothing compares a secret in Python: the token's hash is looked up in a unique index.
  Timing could at most hint at the hashes stored, never at a token, since finding a token
  from its hash is the hard part (the constant-time comparison this stands in for).
- Links are issued when their email is built (see `email_send_once`, which builds a lazy
  context only once the email is claimed): no raw token goes through task arguments, the
  outbox or the retry log.
- The expiry is the purpose's own (an invitation's validity, the event's end plus a margin,
  a year for a survey link...); `links_purge` deletes what has expired.

Not everything is a personal link. A stateless signed link (django.core.signing) remains
the right tool where there is nothing to store and the link must work for years in every
email: one-click unsubscribe, the newsletter preferences link, open and click tracking,
the press kit download link. Those survive a key rotation through SECRET_KEY_FALLBACKS.
The personal iCalendar feed token (events.PersonalCalendar) stays a stored token too: it
is a long-lived credential shown on its page every time the person looks for it.
"""

import datetime
import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Subquery
from django.utils import timezone

from core.models import PersonalLink

# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not ours.
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _of_model(model: type[models.Model]) -> dict:
    # Joined in the same query rather than read from ContentType's cache: a resolve costs
    # one query, always.
    opts = model._meta.concrete_model._meta
    return {"content_type__app_label": opts.app_label, "content_type__model": opts.model_name}


def link_issue(*, target: models.Model, purpose: str, expires_at: datetime.datetime) -> str:
    """A new link to `target` for `purpose`, valid until `expires_at`: returns the token
    for the URL, which nothing keeps."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    opts = target._meta.concrete_model._meta
    # The content type is read inside the INSERT rather than from ContentType's
    # per-process cache, which a long-lived worker would keep across a test's flush.
    content_type = ContentType.objects.filter(app_label=opts.app_label, model=opts.model_name)
    PersonalLink.objects.create(
        purpose=purpose,
        token_hash=token_hash(token),
        content_type_id=Subquery(content_type.values("pk")),
        object_id=target.pk,
        expires_at=expires_at,
    )
    return token


def link_objects(*, purpose: str, token: str, queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` narrowed to the object a live link of `purpose` opens (none when the
    token is unknown, expired or for something else), for callers that lock the row."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return queryset.none()
    links = PersonalLink.objects.filter(
        token_hash=token_hash(token),
        purpose=purpose,
        expires_at__gt=timezone.now(),
        **_of_model(queryset.model),
    )
    return queryset.filter(pk__in=links.values("object_id"))


def link_resolve(*, purpose: str, token: str, queryset: models.QuerySet):
    """The object a live link of `purpose` opens, or None."""
    return link_objects(purpose=purpose, token=token, queryset=queryset).first()


def links_revoke(*, target: models.Model, purpose: str) -> int:
    """Retire every link of `purpose` to `target` (a new request replaces the old one)."""
    deleted, _by_model = PersonalLink.objects.filter(
        purpose=purpose, object_id=target.pk, **_of_model(type(target))
    ).delete()
    return deleted


def links_extend(
    *, queryset: models.QuerySet, purposes: list[str], expires_at: datetime.datetime
) -> int:
    """Let the links of `purposes` to the objects of `queryset` live until `expires_at` at
    least (an event moved later keeps its registrants' links working)."""
    return PersonalLink.objects.filter(
        purpose__in=purposes,
        object_id__in=queryset.values("pk"),
        expires_at__lt=expires_at,
        **_of_model(queryset.model),
    ).update(expires_at=expires_at)


def links_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the links that expired: they open nothing any more."""
    deleted, _by_model = PersonalLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
