"""Use cases of the members app, one module per area. Invitations are re-exported here
because they were the first and many callers use `members.services.invitation_*`."""

from members.services.invitations import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_link_issue,
    invitation_send,
)

__all__ = [
    "InvitationError",
    "invitation_accept",
    "invitation_create",
    "invitation_link_issue",
    "invitation_send",
]
