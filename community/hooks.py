"""What community adds to the pages of the apps below it (members' panels), registered when
the app is ready (apps.py)."""

# Awards ------------------------------------------------------------------------------------
# A winner's directory profile shows its badges ("Winner of ... — category ..."), linking to
# the edition. The profile is stored on topic "register", which the award models feed.
from community.selectors import awards as award_selectors  # noqa: E402
from members import panels as members_panels  # noqa: E402


def _profile_awards(*, organization) -> dict:
    return {"award_badges": award_selectors.organization_awards(organization=organization)}


members_panels.profile_page.register(
    "award_badges",
    template_name="community/public/awards/_profile_badges.html",
    context=_profile_awards,
    order=20,
)


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
