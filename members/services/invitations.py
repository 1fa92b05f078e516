from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.email import email_send_once
from core.outbox import task_enqueue
from members.models import INVITATION_VALIDITY, Affiliation, Contact, Invitation, Organization


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
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        access=access,
        language=language,
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    # Only the token's hash is stored; the task gets the token itself to put it in the link.
    task_enqueue(invitation_send, invitation.pk, token)
    return invitation


def invitation_send(*, invitation: Invitation, token: str) -> None:
    """Email the invitation link, once. Inviting the same person again makes a new
    invitation, with its own token: a new occasion, a new email."""
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation.pk
    )
    if not invitation.is_usable():
        return
    with translation.override(invitation.language):
        path = reverse("members:invitation_accept", kwargs={"token": token})
    sent = email_send_once(
        key=f"invitation:{invitation.pk}:{invitation.token_hash[:16]}",
        template="emails/invitation",
        to=invitation.email,
        language=invitation.language,
        context={
            "invitation": invitation,
            "organization_name": invitation.organization.name,
            "accept_url": settings.SITE_URL + path,
            "inviter": invitation.invited_by,
        },
    )
    if sent:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def invitation_find(*, token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


def invitation_has_login(*, invitation: Invitation) -> bool:
    return get_user_model().objects.filter(email__iexact=invitation.email).exists()


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
