"""What community adds to the pages of the apps below it (members' panels), registered when
the app is ready (apps.py)."""

from members import panels as members_panels

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------
# A working group's page shows its latest threads, its number of messages and, for the
# viewer, how many they have not read, with the link to the discussions.
GROUP_PANEL_THREADS = 5


def _group_discussions(*, group) -> dict:
    from community.models import Thread

    return {
        "discussion_threads": list(
            Thread.objects.filter(group=group).order_by("-last_message_at", "-pk")[
                :GROUP_PANEL_THREADS
            ]
        ),
    }


members_panels.staff_group_page.register(
    "discussions",
    template_name="community/staff/discussions/_group_panel.html",
    context=lambda *, group: {},
    order=20,
)
members_panels.group_page.register(
    "discussions",
    template_name="community/space/discussions/_group_panel.html",
    context=_group_discussions,
    order=20,
)


# Testimonials and success stories ----------------------------------------------------------
