"""What the working groups' pages read: the groups with their counts, and a group's members
with their organizations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from members.models import Affiliation, WorkingGroup, WorkingGroupMember


def groups_with_counts() -> QuerySet[WorkingGroup]:
    """Groups annotated with their number of accepted members and of pending requests."""
    return WorkingGroup.objects.annotate(
        member_count=Count("members", filter=Q(members__status=WorkingGroupMember.Status.ACCEPTED)),
        request_count=Count(
            "members", filter=Q(members__status=WorkingGroupMember.Status.REQUESTED)
        ),
    )


def group_members_with_organizations(*, group: WorkingGroup) -> QuerySet[WorkingGroupMember]:
    """The group's memberships with each contact's organizations, in three queries at most
    whatever the group's size."""
    return (
        WorkingGroupMember.objects.filter(group=group)
        .select_related("contact")
        .prefetch_related(
            Prefetch(
                "contact__affiliations",
                queryset=Affiliation.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            )
        )
        .order_by("contact__last_name", "contact__first_name", "pk")
    )
