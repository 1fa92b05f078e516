from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.email import email_send_once
from core.links import link_issue
from core.outbox import task_enqueue
from members.models import (
    INVITATION_LINK,
    INVITATION_VALIDITY,
    Affiliation,
    Contact,
    Invitation,
    Organization,
)


class InvitationError(Exception):
    pass


@transaction.atomic
def invitation_create(
    *,
    organization: Organization,
    email: str,
    first_name: str,
    last_name: str,
    access: str,
    language: str,
    invited_by,
) -> Invitation:
    """Invite a person into an organization's member space and queue the email.

    Earlier pending invitations for the same address and organization are revoked, so only
    the newest link works.
    """
    from members.tasks import invitation_send

    email = email.strip().lower()
    if Affiliation.objects.filter(
        organization=organization, contact__user__email__iexact=email
    ).exists():
        raise InvitationError("already a member contact")
    Invitation.objects.pending().filter(organization=organization, email=email).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        access=access,
        language=language,
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    task_enqueue(invitation_send, invitation.pk)
    return invitation


def invitation_link_issue(*, invitation: Invitation) -> str:
    """A new token for the invitation's link, valid as long as the invitation."""
    return link_issue(target=invitation, purpose=INVITATION_LINK, expires_at=invitation.expires_at)


def invitation_send(*, invitation: Invitation) -> None:
    """Email the invitation link, once. Inviting the same person again makes a new
    invitation, with its own link: a new occasion, a new email."""
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation.pk
    )
    if not invitation.is_usable():
        return

    def context() -> dict:
        # Issued once the email is claimed: the email is the only copy of the token.
        token = invitation_link_issue(invitation=invitation)
        with translation.override(invitation.language):
            path = reverse("members:invitation_accept", kwargs={"token": token})
        return {
            "invitation": invitation,
            "organization_name": invitation.organization.name,
            "accept_url": settings.SITE_URL + path,
            "inviter": invitation.invited_by,
        }

    sent = email_send_once(
        key=f"invitation:{invitation.pk}:email",
        template="members/emails/invitation",
        to=invitation.email,
        language=invitation.language,
        context=context,
    )
    if sent:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None):
    """Turn an invitation into a login, a contact and an affiliation.

    `password` is None when the address already has a login: that person keeps their
    password and simply gains access to one more organization.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise InvitationError("invitation no longer usable")
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        if password is None:
            raise InvitationError("a password is required for a new login")
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            preferred_language=invitation.language,
        )
    # The invitation link proved the address belongs to this person.
    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )
    contact = Contact.objects.filter(user=user).first() or (
        Contact.objects.filter(user__isnull=True, email__iexact=invitation.email).first()
    )
    if contact is None:
        contact = Contact.objects.create(
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            email=invitation.email,
            preferred_language=invitation.language,
            user=user,
        )
    elif contact.user_id is None:
        contact.user = user
        contact.save(update_fields=["user"])
    affiliation, created = Affiliation.objects.get_or_create(
        contact=contact,
        organization=invitation.organization,
        defaults={"access": invitation.access},
    )
    if not created and invitation.access == Affiliation.Access.ADMIN:
        affiliation.access = Affiliation.Access.ADMIN
        affiliation.save(update_fields=["access"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user
