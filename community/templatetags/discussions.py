"""What the discussions' panel on a working group's page reads for the person looking: the
members' panels (members.panels.group_page) are built from the group alone."""

from django import template

from community.selectors import discussions as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def discussions_unread(context, group) -> int:
    """The number of the group's messages the viewer has not read, in one query."""
    request = context.get("request")
    if request is None:
        return 0
    return selectors.group_unread_count(group=group, user=request.user)
