"""Joining the cluster: the public application (and its rate limit) and staff's decision.
What the review pages read (the queue, duplicate warnings, the first period) is in
members.selectors.joining."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.animators import animators_notify
from core.domain_events import publish
from core.email import email_send_once
from core.outbox import task_enqueue
from core.ratelimit import rate_limit_hit
from members.models import (
    Affiliation,
    ConsentRecord,
    Contact,
    Membership,
    MembershipApplication,
    MembershipCategory,
    Organization,
)
from members.selectors.memberships import membership_first_period
from members.services.consents import consent_owner
from members.services.directory import organization_search_refresh
from members.services.invitations import InvitationError, invitation_create
from members.services.organizations import organization_create

# The wording of the consent boxes on /join/; bump it whenever that wording changes, so each
# ConsentRecord says which text the person agreed to.
JOIN_CONSENT_TEXT_VERSION = "join-2026-1"

# Applications accepted from one client address per hour; more is a robot or a mistake.
JOIN_SUBMISSIONS_PER_HOUR = 5


class ApplicationError(Exception):
    pass


@dataclass(frozen=True)
class ApplicantOrganization:
    name: str
    kind: str
    siren: str
    siret: str
    naf_code: str
    headcount_band: str
    postal_code: str
    city: str
    website: str


@dataclass(frozen=True)
class ApplicantContact:
    first_name: str
    last_name: str
    email: str
    phone: str
    job_title: str
    preferred_language: str


def join_submission_allowed(*, client_ip: str) -> bool:
    """Count one application from `client_ip` and say whether it is within the hourly limit."""
    return rate_limit_hit(
        key=f"members:join:submissions:{client_ip}", limit=JOIN_SUBMISSIONS_PER_HOUR
    )


def department_of_postal_code(*, postal_code: str) -> str:
    """The department number a French postal code belongs to, "" when it cannot tell."""
    # Overseas departments have three-digit codes (971…976); Corsica (20…) is left to staff
    # because 2A and 2B cannot be told apart from the first digits alone.
    if postal_code.startswith("97"):
        return postal_code[:3]
    if postal_code.startswith("20"):
        return ""
    return postal_code[:2]


@transaction.atomic
def application_submit(
    *,
    organization: ApplicantOrganization,
    contact: ApplicantContact,
    category: MembershipCategory | None,
    motivation: str,
    newsletter_consent: bool,
) -> MembershipApplication:
    """Register an application from /join/ and acknowledge it by email.

    Creates the organization (as an applicant), its main contact with their consents, and a
    membership of the current period in status "applied", which staff approve or reject.
    """
    from members.tasks import application_acknowledge_send, application_animators_notify

    now = timezone.now()
    new_organization = organization_create(
        name=organization.name.strip(),
        kind=organization.kind,
        lifecycle=Organization.Lifecycle.APPLICANT,
        siren=organization.siren,
        siret=organization.siret,
        naf_code=organization.naf_code,
        headcount_band=organization.headcount_band,
        postal_code=organization.postal_code,
        department=department_of_postal_code(postal_code=organization.postal_code),
        city=organization.city.strip(),
        website=organization.website,
        # The applicant agreed to be listed; the directory shows members only anyway.
        directory_consent_at=now,
    )
    new_contact = Contact.objects.create(
        first_name=contact.first_name.strip(),
        last_name=contact.last_name.strip(),
        email=contact.email.strip().lower(),
        phone=contact.phone.strip(),
        job_title=contact.job_title.strip(),
        preferred_language=contact.preferred_language,
    )
    Affiliation.objects.create(
        contact=new_contact,
        organization=new_organization,
        position=Affiliation.Position.MAIN_CONTACT,
        access=Affiliation.Access.ADMIN,
    )
    # The newsletter answer is recorded either way: a contact with no record at all counts
    # as reachable by member newsletters (see communications.selectors.audiences), and an
    # unticked box is a refusal.
    consents = [
        (ConsentRecord.Purpose.DIRECTORY, True),
        (ConsentRecord.Purpose.NEWSLETTER, bool(newsletter_consent)),
    ]
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            contact=new_contact,
            purpose=purpose,
            granted=granted,
            recorded_at=now,
            source=ConsentRecord.Source.WEB_FORM,
            text_version=JOIN_CONSENT_TEXT_VERSION,
        )
        for purpose, granted in consents
    )
    owner = consent_owner(ConsentRecord.Purpose.NEWSLETTER)
    if newsletter_consent and owner is not None:
        # The ticked box asks for the newsletter: its owner (communications) starts the same
        # double opt-in as the newsletter page, so the subscription and the record agree.
        owner.join_request(
            contact=new_contact,
            organization_name=new_organization.name,
            text_version=JOIN_CONSENT_TEXT_VERSION,
        )
    # The period it would have if approved today; the approval sets it again on its day.
    first = membership_first_period(joined_on=timezone.localdate(), yearly_amount=None)
    membership = Membership.objects.create(
        organization=new_organization,
        category=category,
        period_start=first.start,
        period_end=first.end,
        status=Membership.Status.APPLIED,
    )
    application = MembershipApplication.objects.create(
        organization=new_organization,
        contact=new_contact,
        category=category,
        motivation=motivation.strip(),
        status=MembershipApplication.Status.PENDING,
        submitted_at=now,
        membership=membership,
    )
    task_enqueue(application_acknowledge_send, application.pk)
    task_enqueue(application_animators_notify, application.pk)
    publish("application.received", application)
    return application


def _application_lock_pending(application: MembershipApplication) -> MembershipApplication:
    """Reload the application locked, refusing one already decided (two animators may click
    at the same time: the second one waits here, then sees the first decision)."""
    locked = (
        MembershipApplication.objects.select_for_update(of=("self",))
        .select_related("organization", "contact", "membership")
        .get(pk=application.pk)
    )
    if locked.status != MembershipApplication.Status.PENDING:
        raise ApplicationError("already decided")
    return locked


@transaction.atomic
def application_approve(
    *,
    application: MembershipApplication,
    reviewer,
    dues_amount: Decimal,
    message: str,
    category: MembershipCategory | None = None,
) -> MembershipApplication:
    """Accept an application: the membership is approved with its dues, the organization
    becomes a member, and the main contact is invited to set a password as its admin."""
    from members.tasks import application_decision_send

    application = _application_lock_pending(application)
    category = category or application.category
    now = timezone.now()
    membership = application.membership or Membership(organization=application.organization)
    # The first period runs from the month of approval, not of the application: an
    # application of December approved in January joins the new year.
    first = membership_first_period(joined_on=timezone.localdate(), yearly_amount=None)
    membership.period_start, membership.period_end = first.start, first.end
    membership.status = Membership.Status.APPROVED
    membership.category = category
    membership.dues_amount = dues_amount
    membership.save()

    organization = application.organization
    was_member = organization.lifecycle == Organization.Lifecycle.MEMBER
    organization.lifecycle = Organization.Lifecycle.MEMBER
    organization.save(update_fields=["lifecycle", "updated_at"])
    if not was_member:
        publish("organization.became_member", organization)
    # The new member is listed and found at once, not when the cached directory page
    # expires; refreshing the search document invalidates the cached pages.
    organization_search_refresh(organization=organization)

    application.status = MembershipApplication.Status.APPROVED
    application.category = category
    application.membership = membership
    application.reviewed_by = reviewer
    application.reviewed_at = now
    application.decision_message = message.strip()
    application.save()

    contact = application.contact
    if contact.email:
        try:
            invitation_create(
                organization=organization,
                email=contact.email,
                first_name=contact.first_name,
                last_name=contact.last_name,
                access=Affiliation.Access.ADMIN,
                language=contact.preferred_language,
                invited_by=reviewer,
            )
        except InvitationError:
            # They already sign in to this organization's space: no invitation needed.
            pass
    task_enqueue(application_decision_send, application.pk)
    return application


@transaction.atomic
def application_reject(
    *, application: MembershipApplication, reviewer, message: str
) -> MembershipApplication:
    """Decline an application, with a message mailed to the applicant."""
    from members.tasks import application_decision_send

    application = _application_lock_pending(application)
    if application.membership is not None:
        application.membership.status = Membership.Status.REJECTED
        application.membership.save(update_fields=["status"])
    organization = application.organization
    if organization.lifecycle == Organization.Lifecycle.APPLICANT:
        organization.lifecycle = Organization.Lifecycle.PROSPECT
        organization.save(update_fields=["lifecycle", "updated_at"])
    application.status = MembershipApplication.Status.REJECTED
    application.reviewed_by = reviewer
    application.reviewed_at = timezone.now()
    application.decision_message = message.strip()
    application.save()
    task_enqueue(application_decision_send, application.pk)
    return application


def application_acknowledge_send(*, application: MembershipApplication) -> None:
    contact = application.contact
    email_send_once(
        key=f"application:{application.pk}:received",
        template="members/emails/application_received",
        to=contact.email,
        language=contact.preferred_language,
        context={
            "first_name": contact.first_name,
            "organization_name": application.organization.name,
            "category": application.category,
        },
    )


def application_animators_notify(*, application: MembershipApplication) -> int:
    """Email the animators who asked for it that an application arrived."""
    return animators_notify(
        about="applications",
        occasion=f"application:{application.pk}",
        template="members/emails/animator_new_application",
        context={
            "organization_name": application.organization.name,
            "contact_name": application.contact.full_name,
            "category": application.category,
        },
        url_name="members:staff_application",
        url_kwargs={"pk": application.pk},
    )


def application_decision_send(*, application: MembershipApplication) -> None:
    """Tell the applicant the decision, with staff's message."""
    if application.status == MembershipApplication.Status.PENDING:
        return
    approved = application.status == MembershipApplication.Status.APPROVED
    contact = application.contact
    with translation.override(contact.preferred_language):
        login_path = reverse("account_login")
    # One decision per application (a decided one cannot be decided again): one email.
    email_send_once(
        key=f"application:{application.pk}:decision",
        template=(
            "members/emails/application_approved"
            if approved
            else "members/emails/application_rejected"
        ),
        to=contact.email,
        language=contact.preferred_language,
        context={
            "first_name": contact.first_name,
            "organization_name": application.organization.name,
            "message": application.decision_message,
            "membership": application.membership,
            "login_url": settings.SITE_URL + login_path,
            "contact_email": settings.CONTACT_EMAIL,
        },
    )
