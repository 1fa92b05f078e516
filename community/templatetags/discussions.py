"""What the discussions' panel on a working group's page reads for the person looking: the
members' panels (members.panels.group_page) are built from the group alone."""

from django import template

from community.selectors import discussions as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def discussions_figures(context, group) -> dict[str, int]:
    """The group's number of messages and how many the viewer has not read, in one query."""
    request = context.get("request")
    if request is None:
        return {"total": selectors.group_message_count(group=group), "unread": 0}
    return selectors.group_message_figures(group=group, user=request.user)
