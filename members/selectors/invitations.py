"""Lookups of invitations: the one a link's token opens, and whether its address has a login."""

from django.contrib.auth import get_user_model

from core.links import link_resolve
from members.models import INVITATION_LINK, Invitation


def invitation_find(*, token: str) -> Invitation | None:
    invitation = link_resolve(
        purpose=INVITATION_LINK,
        token=token,
        queryset=Invitation.objects.select_related("organization"),
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


def invitation_has_login(*, invitation: Invitation) -> bool:
    return get_user_model().objects.filter(email__iexact=invitation.email).exists()
