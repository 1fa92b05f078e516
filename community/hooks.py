"""What community adds to the pages of the apps below it (members' panels), registered when
the app is ready (apps.py)."""

from django.utils.translation import gettext

from community.selectors import awards as award_selectors
from community.selectors import discussions as discussion_selectors
from community.selectors import testimonials as testimonial_selectors
from members import panels as members_panels

# Awards ------------------------------------------------------------------------------------
# A winner's directory profile shows its badges ("Winner of ... — category ..."), linking to
# the edition. The profile is stored on topic "register", which the award models feed.


def _profile_awards(*, organization) -> dict:
    badges = award_selectors.organization_awards(organization=organization)
    return {
        "award_badges": badges,
        # The badges' own words, for the profile's schema.org `award`.
        "schema_awards": [award_badge_text(application) for application in badges],
    }


def award_badge_text(application) -> str:
    names = {"edition": application.edition.title, "category": application.category.name}
    if application.result == application.Result.MENTION:
        return gettext("Special mention of the %(edition)s — category %(category)s") % names
    return gettext("Winner of the %(edition)s — category %(category)s") % names


members_panels.profile_page.register(
    "award_badges",
    template_name="community/public/awards/_profile_badges.html",
    context=_profile_awards,
    order=20,
)


# Discussions -------------------------------------------------------------------------------
# A working group's page shows its latest threads, its number of messages and, for the
# viewer, how many they have not read, with the link to the discussions.
GROUP_PANEL_THREADS = 5


def _group_discussions(*, group) -> dict:
    return {
        "discussion_threads": discussion_selectors.group_latest_threads(
            group=group, limit=GROUP_PANEL_THREADS
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


# What the join page quotes above its form: the latest testimonials online, two so that the
# form stays near.
JOIN_PAGE_TESTIMONIALS = 2


def _join_page_testimonials() -> dict:
    return {
        "testimonials": testimonial_selectors.testimonials_published(limit=JOIN_PAGE_TESTIMONIALS)
    }


def _profile_stories(*, organization) -> dict:
    return {
        "success_stories": testimonial_selectors.stories_of_organization(organization=organization)
    }


members_panels.join_page.register(
    "testimonials",
    template_name="community/public/testimonials/_join_panel.html",
    context=_join_page_testimonials,
    order=20,
)
members_panels.profile_page.register(
    "success_stories",
    template_name="community/public/testimonials/_profile_panel.html",
    context=_profile_stories,
    order=40,
)
