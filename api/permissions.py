"""What a token may see, per resource: the one place that decides it.

Every endpoint starts from the queryset this module gives for its resource and token, so
a member organization's token can never reach another organization's rows, whatever the
endpoint forgets. Public endpoints (no token) read the domain apps' public selectors
instead (members.selectors.directory, events' published public events…)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from api.models import ApiToken
from communications.models import Subscriber
from core.permissions import (  # noqa: F401 (re-exported: one rulebook per app)
    is_animator,
    staff_required,
)
from events.models import Event, Registration
from members.models import Affiliation, Contact, Membership, Organization, WorkingGroupMember
from members.permissions import member_required  # noqa: F401 (re-exported)
from surveys.models import Survey
from webhooks.models import WebhookEndpoint, WebhookMessage


def token_holder_entitled(token: ApiToken) -> bool:
    """A token works while the person who made it keeps the access it was made with: an
    animator's powers for a staff token (core.permissions decides them, the second factor
    included), an admin of the organization for an organization's token."""
    user = token.created_by
    if user is None or not user.is_active:
        return False
    if token.organization_id is None:
        return is_animator(user)
    return Affiliation.objects.filter(
        contact__user=user,
        organization_id=token.organization_id,
        access=Affiliation.Access.ADMIN,
    ).exists()


def _own(token: ApiToken, rows: QuerySet, field: str = "organization_id") -> QuerySet:
    """All `rows` for a staff token; for an organization's token, those whose `field` is its
    organization."""
    if token.organization_id is None:
        return rows
    return rows.filter(**{field: token.organization_id})


def _staff_only(token: ApiToken, rows: QuerySet) -> QuerySet:
    """All `rows` for a staff token; nothing for an organization's token, whatever its
    scopes say."""
    return rows if token.organization_id is None else rows.none()


def organizations_for(token: ApiToken) -> QuerySet[Organization]:
    return _own(token, Organization.objects.all(), "pk")


def events_for(token: ApiToken) -> QuerySet[Event]:
    events = Event.objects.all()
    if token.organization_id is not None:
        # What the organization's people can see (events.permissions.event_visibility):
        # published events, not drafts, and a working group's events only when one of its
        # people is an accepted member of that group.
        in_group = Exists(
            WorkingGroupMember.objects.filter(
                group=OuterRef("working_group"),
                contact__affiliations__organization_id=token.organization_id,
                status=WorkingGroupMember.Status.ACCEPTED,
            )
        )
        events = events.published().filter(~Q(audience=Event.Audience.GROUP) | Q(in_group))
    return events


def registrations_for(token: ApiToken) -> QuerySet[Registration]:
    return _own(token, Registration.objects.all())


def webhook_endpoints_for(token: ApiToken) -> QuerySet[WebhookEndpoint]:
    """Staff's endpoints carry a signing secret and the members' facts sent to others: no
    organization's token reaches them, whatever its scopes say."""
    return _staff_only(token, WebhookEndpoint.objects.all())


def webhook_endpoint_creatable(token: ApiToken) -> bool:
    return token.organization_id is None


def webhook_messages_for(token: ApiToken) -> QuerySet[WebhookMessage]:
    return _staff_only(token, WebhookMessage.objects.all())


# Resources added with the token endpoints: same rule, an organization's token reaches its
# own organization's rows and nothing else; resources it has no scope for reach nothing.


def affiliations_for(token: ApiToken) -> QuerySet[Affiliation]:
    return _own(token, Affiliation.objects.all())


def contacts_for(token: ApiToken) -> QuerySet[Contact]:
    # One affiliation per contact and organization: the join repeats no contact.
    return _own(token, Contact.objects.all(), "affiliations__organization_id")


def memberships_for(token: ApiToken) -> QuerySet[Membership]:
    return _own(token, Membership.objects.all())


def subscribers_for(token: ApiToken) -> QuerySet[Subscriber]:
    # The newsletter's list is the cluster's, never an organization's.
    return _staff_only(token, Subscriber.objects.all())


def surveys_for(token: ApiToken) -> QuerySet[Survey]:
    """Surveys that were sent (open or closed): a draft has no results yet."""
    return _staff_only(token, Survey.objects.exclude(status=Survey.Status.DRAFT))


# Who manages which tokens (the back-office and the member space).


def organizations_administered_by(user) -> QuerySet[Organization]:
    """The organizations whose tokens the user manages from the member space: those they
    are an admin of. Staff manage every token from the back-office instead."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(
        affiliations__contact__user=user, affiliations__access=Affiliation.Access.ADMIN
    ).order_by("name", "pk")


def staff_tokens_managed_by(user) -> QuerySet[ApiToken]:
    """Staff manage every staff token (one colleague may revoke another's leaked token),
    and see the organizations' tokens too, to revoke one if need be."""
    if not is_animator(user):
        return ApiToken.objects.none()
    return ApiToken.objects.all()


def organization_tokens_managed_by(user, organization: Organization) -> QuerySet[ApiToken]:
    """An organization's tokens, for its admins; nothing for anyone else."""
    if not organizations_administered_by(user).filter(pk=organization.pk).exists():
        return ApiToken.objects.none()
    return ApiToken.objects.filter(organization=organization)


def can_manage_organization_tokens(user, organization: Organization) -> bool:
    return organizations_administered_by(user).filter(pk=organization.pk).exists()
