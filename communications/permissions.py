"""Who may manage newsletters, content, the FAQ and the communication plan.

The communications app's rulebook: its views import this module alone. Almost everything
here is run by staff; members manage their own subscription from the member space, and
member organizations' admins submit their company's news. The generic rules are those of
core and members, re-exported here.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from core.permissions import is_animator, staff_required  # noqa: F401 (re-exported)
from members.models import Affiliation, Contact, Organization
from members.permissions import affiliations_of, member_required  # noqa: F401 (re-exported)

# Member news: a member organization's admins speak for the company; its plain contacts
# do not (403 on the pages, as for the profile they cannot edit). Another organization's
# news is a 404 for everyone in the member space: its existence is not theirs to learn.


def administered_organization_ids(user) -> set[int]:
    """The organizations the user is an admin of, kept on the user for the request."""
    cached = getattr(user, "_communications_administered_ids", None)
    if cached is None:
        cached = set(
            affiliations_of(user)
            .filter(access=Affiliation.Access.ADMIN)
            .values_list("organization_id", flat=True)
        )
        if user.is_authenticated:
            user._communications_administered_ids = cached
    return cached


def administered_organizations(user):
    return Organization.objects.filter(pk__in=administered_organization_ids(user)).order_by("name")


def can_submit_member_news(user) -> bool:
    return bool(administered_organization_ids(user))


def can_edit_member_news(user, article) -> bool:
    """In the member space: the admins of the article's company, and nobody else (staff edit
    from the back-office)."""
    return (
        article.organization_id is not None
        and article.organization_id in administered_organization_ids(user)
    )


def member_news_admin_required(view):
    """Member contacts who administer an organization: others get 403 (anonymous visitors
    go to login first)."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_submit_member_news(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def contact_of(user):
    """The person a signed-in user is in the register, or None."""
    if not user.is_authenticated:
        return None
    return Contact.objects.filter(user=user).first()
