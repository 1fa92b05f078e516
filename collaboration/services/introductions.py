"""Needs and offers, the introductions they lead to, and the weekly digest of new posts.

An introduction reveals each side's contact details only once it is accepted; acceptance
(or an introduction staff make themselves) logs a CRM interaction on both organizations and
emails both contacts, once each.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from collaboration import permissions
from collaboration.models import DigestSending, DigestSubscription, Introduction, Post
from collaboration.selectors import introductions as selectors
from collaboration.selectors.people import people_signing_in
from core.email import email_send_once, page_address
from core.links import link_issue, link_resolve
from core.models import SentEmail
from core.outbox import task_enqueue
from members.models import Contact, Interaction, Organization

DIGEST_UNSUBSCRIBE_PURPOSE = "collaboration-digest-unsubscribe"
# An unsubscribe link keeps working long after the email, as people click old emails.
DIGEST_LINK_DAYS = 365
DIGEST_DAYS = 7


class IntroductionRefused(Exception):
    """A request that cannot be made: the message says why, for the person who asked."""


# Needs and offers.
POST_FIELDS = ("kind", "category", "title", "description", "expires_on")


@transaction.atomic
def post_create(*, organization: Organization, author: Contact | None, data: dict) -> Post:
    post = Post.objects.create(
        organization=organization,
        author=author,
        **{name: data[name] for name in POST_FIELDS},
    )
    post.competences.set(data.get("competences") or [])
    post.sectors.set(data.get("sectors") or [])
    return post


@transaction.atomic
def post_update(*, post: Post, data: dict) -> Post:
    for name in POST_FIELDS:
        setattr(post, name, data[name])
    post.save()
    post.competences.set(data.get("competences") or [])
    post.sectors.set(data.get("sectors") or [])
    return post


def post_close(*, post: Post, closed: bool = True) -> Post:
    post.is_closed = closed
    post.save(update_fields=["is_closed", "updated_at"])
    return post


# Introductions.
# After a decline, the same two organizations may not ask each other again for this long.
DECLINE_COOLDOWN_DAYS = 180


def pending_introductions_max() -> int:
    return settings.COLLABORATION_PENDING_INTRODUCTIONS_MAX


def _lock_pair(first: Organization, second: Organization) -> None:
    """Lock both organizations' rows, in pk order so that two requests between the same
    two organizations, whichever way, wait for each other instead of deadlocking."""
    for pk in sorted((first.pk, second.pk)):
        Organization.objects.select_for_update().only("pk").get(pk=pk)


def _pair(first: Organization, second: Organization):
    return Introduction.objects.filter(
        Q(requester=first, target=second) | Q(requester=second, target=first)
    )


def _refuse_when_already_linked(requester: Organization, target: Organization) -> None:
    """Refuse a new introduction between two organizations already introduced, asked one
    way or the other, or one of which declined the other lately."""
    pair = _pair(requester, target)
    if pair.filter(status=Introduction.Status.ACCEPTED).exists():
        raise IntroductionRefused(
            _("%(name)s and your organization are already introduced: see your introductions.")
            % {"name": target.name}
        )
    waiting = pair.filter(status=Introduction.Status.PENDING).first()
    if waiting is not None:
        if waiting.requester_id == requester.pk:
            raise IntroductionRefused(
                _("A request to %(name)s is already waiting for an answer.") % {"name": target.name}
            )
        raise IntroductionRefused(
            _("%(name)s already asked to meet your organization: answer their request instead.")
            % {"name": target.name}
        )
    since = timezone.now() - datetime.timedelta(days=DECLINE_COOLDOWN_DAYS)
    if pair.filter(status=Introduction.Status.DECLINED, decided_at__gte=since).exists():
        raise IntroductionRefused(
            ngettext(
                "A request between %(name)s and your organization was declined less than "
                "%(days)d day ago: a new one cannot be sent yet.",
                "A request between %(name)s and your organization was declined less than "
                "%(days)d days ago: a new one cannot be sent yet.",
                DECLINE_COOLDOWN_DAYS,
            )
            % {"name": target.name, "days": DECLINE_COOLDOWN_DAYS}
        )


@transaction.atomic
def introduction_request(
    *,
    requester: Organization,
    requested_by: Contact | None,
    target: Organization,
    post: Post | None = None,
    message: str = "",
) -> Introduction:
    """Ask `target` for an introduction. Refused (IntroductionRefused, nothing saved) to
    one's own organization, to an organization members cannot find in the directory, when
    the two are already introduced or asked each other (either way), when one declined the
    other in the last DECLINE_COOLDOWN_DAYS days, or over the quota of pending requests of
    the requesting organization."""
    if requester.pk == target.pk:
        raise IntroductionRefused(_("You cannot ask for an introduction to your own organization."))
    if not (
        permissions.may_be_introduced(requester)
        and permissions.may_be_asked_for_introduction(target)
    ):
        raise IntroductionRefused(_("Introductions are made between member organizations only."))
    # Both organizations' rows are the lock: two requests at once cannot both pass the
    # quota, nor cross each other (A asks B while B asks A).
    _lock_pair(requester, target)
    _refuse_when_already_linked(requester, target)
    limit = pending_introductions_max()
    pending = Introduction.objects.filter(requester=requester, status=Introduction.Status.PENDING)
    if pending.count() >= limit:
        raise IntroductionRefused(
            ngettext(
                "Your organization already has %(count)d request waiting for an answer, the "
                "most allowed: wait for the answer or withdraw it first.",
                "Your organization already has %(count)d requests waiting for an answer, the "
                "most allowed: wait for an answer or withdraw one first.",
                limit,
            )
            % {"count": limit}
        )
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                requester=requester,
                requested_by=requested_by,
                target=target,
                post=post,
                message=message.strip(),
            )
    except IntegrityError as error:
        raise IntroductionRefused(
            _("A request to %(name)s is already waiting for an answer.") % {"name": target.name}
        ) from error
    from collaboration.tasks import introduction_requested_send

    task_enqueue(introduction_requested_send, introduction.pk)
    return introduction


def _lock_pending(introduction: Introduction) -> Introduction | None:
    return (
        Introduction.objects.select_for_update()
        .filter(pk=introduction.pk, status=Introduction.Status.PENDING)
        .first()
    )


@transaction.atomic
def introduction_accept(*, introduction: Introduction, contact: Contact | None) -> Introduction:
    """The asked organization accepts: both sides' contact details become visible to each
    other, the CRM of both organizations logs it, both contacts are emailed."""
    locked = _lock_pending(introduction)
    if locked is None:
        raise IntroductionRefused(_("This request has already been answered or withdrawn."))
    locked.status = Introduction.Status.ACCEPTED
    locked.decided_by = contact
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    _introduction_accepted(locked, author=None)
    return locked


@transaction.atomic
def introduction_decline(*, introduction: Introduction, contact: Contact | None) -> Introduction:
    locked = _lock_pending(introduction)
    if locked is None:
        raise IntroductionRefused(_("This request has already been answered or withdrawn."))
    locked.status = Introduction.Status.DECLINED
    locked.decided_by = contact
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def introduction_withdraw(*, introduction: Introduction) -> Introduction:
    locked = _lock_pending(introduction)
    if locked is None:
        raise IntroductionRefused(_("This request has already been answered or withdrawn."))
    locked.status = Introduction.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked


def organization_main_contact(organization: Organization) -> Contact | None:
    """Whom an introduction made by staff puts forward unless they choose: the main
    contact, else an executive, else an admin of the space, else anyone reachable."""
    return selectors.introducible_contacts(organization).first()


@transaction.atomic
def introduction_make(
    *,
    requester: Organization,
    target: Organization,
    staff_user,
    message: str = "",
    post: Post | None = None,
    requester_contact: Contact | None = None,
    target_contact: Contact | None = None,
) -> Introduction:
    """Staff introduce two member organizations to each other: accepted at once, logged on
    both and emailed to the person chosen on each side (by default each organization's
    main contact), who see each other's details. Refused when the two are already
    introduced or one asked the other and waits for the answer, either way."""
    if requester.pk == target.pk:
        raise IntroductionRefused(_("Choose two different organizations."))
    for organization in (requester, target):
        if not permissions.may_be_introduced(organization):
            raise IntroductionRefused(
                _("%(name)s is not a member organization.") % {"name": organization.name}
            )
    sides = []
    for organization, chosen in ((requester, requester_contact), (target, target_contact)):
        if chosen is None:
            chosen = organization_main_contact(organization)
        elif not selectors.introducible_contacts(organization).filter(pk=chosen.pk).exists():
            raise IntroductionRefused(
                _("%(person)s is not a reachable contact of %(name)s.")
                % {"person": chosen.full_name, "name": organization.name}
            )
        sides.append(chosen)
    _lock_pair(requester, target)
    pair = _pair(requester, target)
    if pair.filter(status=Introduction.Status.ACCEPTED).exists():
        raise IntroductionRefused(
            _("%(requester)s and %(target)s are already introduced.")
            % {"requester": requester.name, "target": target.name}
        )
    waiting = pair.filter(status=Introduction.Status.PENDING).select_related("requester").first()
    if waiting is not None:
        other = target if waiting.requester_id == requester.pk else requester
        raise IntroductionRefused(
            _("A request from %(requester)s to %(target)s waits for an answer: answer it instead.")
            % {"requester": waiting.requester.name, "target": other.name}
        )
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                requester=requester,
                requested_by=sides[0],
                target=target,
                post=post,
                message=message.strip(),
                status=Introduction.Status.ACCEPTED,
                made_by=staff_user,
                decided_by=sides[1],
                decided_at=timezone.now(),
            )
    except IntegrityError as error:
        raise IntroductionRefused(
            _("%(requester)s and %(target)s are already introduced.")
            % {"requester": requester.name, "target": target.name}
        ) from error
    _introduction_accepted(introduction, author=staff_user)
    return introduction


def _introduction_accepted(introduction: Introduction, *, author) -> None:
    from collaboration.tasks import introduction_accepted_send

    introduction_log(introduction=introduction, author=author)
    task_enqueue(introduction_accepted_send, introduction.pk)


def introduction_log(*, introduction: Introduction, author=None) -> list[Interaction]:
    """A CRM interaction of kind "introduction" on each organization, naming the other.
    The summary is in French, the language of the animators' log."""
    requester = Organization.objects.only("name").get(pk=introduction.requester_id)
    target = Organization.objects.only("name").get(pk=introduction.target_id)
    sides = (
        (requester, target, introduction.requested_by_id),
        (target, requester, introduction.decided_by_id),
    )
    interactions = []
    with override(settings.LANGUAGE_CODE):
        for organization, other, contact_id in sides:
            if introduction.made_by_id:
                summary = _("Introduction to %(other)s made by the team.")
            elif organization.pk == introduction.requester_id:
                summary = _("Introduction to %(other)s accepted, at our request.")
            else:
                summary = _("Introduction asked by %(other)s, accepted.")
            interaction = Interaction.objects.create(
                organization=organization,
                kind=Interaction.Kind.INTRODUCTION,
                happened_on=timezone.localdate(),
                author=author,
                summary=summary % {"other": other.name},
            )
            if contact_id:
                interaction.contacts.add(contact_id)
            interactions.append(interaction)
    return interactions


def _contact_card(contact: Contact | None) -> dict | None:
    if contact is None:
        return None
    return {
        "name": contact.full_name,
        "job_title": contact.job_title,
        "email": contact.email,
        "phone": contact.phone,
    }


def introduction_requested_send(*, introduction: Introduction) -> int:
    """Tell the asked organization's people who sign in to the member space that a request
    waits for their answer, each in their language, once. They see the requesting
    organization's name and message, not yet its contact's details."""
    sent = 0
    for contact in people_signing_in(organization_id=introduction.target_id):
        url = page_address(
            "collaboration:space_introduction",
            language=contact.preferred_language,
            pk=introduction.pk,
        )
        sent += email_send_once(
            key=f"collaboration:introduction:{introduction.pk}:requested:{contact.pk}",
            template="collaboration/emails/introduction_requested",
            to=contact.email,
            language=contact.preferred_language,
            context={
                "first_name": contact.first_name,
                "requester_name": introduction.requester.name,
                "organization_name": introduction.target.name,
                "post_title": introduction.post.title if introduction.post else "",
                "message": introduction.message,
                "url": url,
            },
        )
    return sent


def introduction_accepted_send(*, introduction: Introduction) -> int:
    """Email both contacts of an accepted introduction the other side's details, each in
    their language, once."""
    requesting, answering = introduction.requested_by, introduction.decided_by
    sides = (
        (requesting, introduction.requester, answering, introduction.target),
        (answering, introduction.target, requesting, introduction.requester),
    )
    sent = 0
    for contact, organization, other_contact, other in sides:
        if contact is None or not contact.email or contact.anonymised_at:
            continue
        url = page_address(
            "collaboration:space_introduction",
            language=contact.preferred_language,
            pk=introduction.pk,
        )
        sent += email_send_once(
            key=f"collaboration:introduction:{introduction.pk}:accepted:{contact.pk}",
            template="collaboration/emails/introduction_accepted",
            to=contact.email,
            language=contact.preferred_language,
            context={
                "first_name": contact.first_name,
                "organization_name": organization.name,
                "other_name": other.name,
                "other_contact": _contact_card(other_contact),
                "made_by_staff": introduction.made_by_id is not None,
                "message": introduction.message,
                "url": url,
            },
        )
    return sent


# The weekly digest.
def digest_subscribe(*, contact: Contact) -> DigestSubscription:
    subscription, _created = DigestSubscription.objects.get_or_create(contact=contact)
    return subscription


def digest_unsubscribe(*, contact: Contact) -> bool:
    deleted, _by_model = DigestSubscription.objects.filter(contact=contact).delete()
    return bool(deleted)


def week_start_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def digest_posts_for(*, contact: Contact, today: datetime.date) -> list[Post]:
    """The current needs and offers posted in the 7 days before `today` by organizations
    other than the contact's that share a competence or a sector with one of them."""
    organization_ids = list(contact.affiliations.values_list("organization_id", flat=True))
    if not organization_ids:
        return []
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=DIGEST_DAYS), datetime.time())
    )
    competences = Organization.competences.through.objects.filter(
        organization_id__in=organization_ids
    ).values("competence_id")
    sectors = Organization.sectors.through.objects.filter(
        organization_id__in=organization_ids
    ).values("sector_id")
    matching = Post.competences.through.objects.filter(competence_id__in=competences).values(
        "post_id"
    )
    matching_sectors = Post.sectors.through.objects.filter(sector_id__in=sectors).values("post_id")
    return list(
        Post.objects.current(today)
        .filter(created_at__gte=since)
        .exclude(organization_id__in=organization_ids)
        .filter(Q(pk__in=matching) | Q(pk__in=matching_sectors))
        .select_related("organization")
        .order_by("kind", "-created_at", "pk")
    )


def _digest_key(*, contact: Contact, week: datetime.date) -> str:
    return f"collaboration:digest:{contact.pk}:{week.isoformat()}"


def digest_send(*, contact: Contact, today: datetime.date) -> bool:
    """Email `contact` this week's matching needs and offers, unless there are none or this
    week's digest was already sent to them. Returns True when this call sent it.

    The week's DigestSending row is written once; the email's key makes it leave once, and a
    run after a refused email sends it then (email_send_once retries a failed claim)."""
    if not contact.email or contact.anonymised_at:
        return False
    week = week_start_of(today)
    sending = DigestSending.objects.filter(contact=contact, week_start=week).first()
    if sending is None:
        posts = digest_posts_for(contact=contact, today=today)
        if not posts:
            return False
        try:
            with transaction.atomic():
                DigestSending.objects.create(contact=contact, week_start=week, posts=len(posts))
        except IntegrityError:
            # Another run got there first and sends it.
            return False
    else:
        key = _digest_key(contact=contact, week=week)
        if SentEmail.objects.filter(key=key).exclude(status=SentEmail.Status.FAILED).exists():
            return False
        posts = digest_posts_for(contact=contact, today=today)
    # Issued before the claim so that the List-Unsubscribe header carries it too; the week's
    # row above makes an unused link rare (a second run after the email left).
    token = link_issue(
        target=contact,
        purpose=DIGEST_UNSUBSCRIBE_PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(days=DIGEST_LINK_DAYS),
    )
    language = contact.preferred_language
    unsubscribe_url = page_address(
        "collaboration:digest_unsubscribe", language=language, token=token
    )
    list_url = page_address("collaboration:space_posts", language=language)
    return email_send_once(
        key=_digest_key(contact=contact, week=week),
        template="collaboration/emails/digest",
        to=contact.email,
        language=contact.preferred_language,
        context={
            "first_name": contact.first_name,
            "posts": posts,
            "list_url": list_url,
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def digests_queue(*, today: datetime.date) -> int:
    """Queue this week's digest of every subscriber (one task each, so that one refused
    email is retried alone); running it twice sends nothing twice. Returns how many."""
    from collaboration.tasks import digest_send as digest_send_task

    contact_ids = list(
        Contact.objects.filter(collaboration_digest__isnull=False, anonymised_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for contact_id in contact_ids:
            task_enqueue(digest_send_task, contact_id, today.isoformat())
    return len(contact_ids)


def digest_contact_for_link(*, token: str) -> Contact | None:
    return link_resolve(
        purpose=DIGEST_UNSUBSCRIBE_PURPOSE, token=token, queryset=Contact.objects.all()
    )
