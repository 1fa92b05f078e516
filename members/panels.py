"""The sections apps above members add to members' pages (see core.panels)."""

from core.panels import Panels

# Staff's 360° page of an organization: context(organization=...).
organization_page = Panels("an organization's 360° page")
# A working group's page in the member space: context(group=...).
group_page = Panels("a working group's page")
# A working group's page in the back-office: context(group=...).
staff_group_page = Panels("a working group's staff page")
# A member organization's public directory profile: context(organization=...). The page is
# stored (core.pagecache, topic "register"): a section may show only what every visitor may
# see, and the models it reads must feed the "register" topic. A section's context may
# hold `schema_awards`: the texts of the distinctions it shows, which the profile's schema.org
# data lists as `award` (members/linked_data.py).
profile_page = Panels("an organization's directory profile")
# The join page (/join/), beside the application form: context() takes nothing.
join_page = Panels("the join page")
# The directory's list page, above the results: context(viewer_is_member=...), True for
# animators and member contacts. The page is stored for anonymous visitors (topic
# "register"): a section shows nothing per visitor to them.
directory_page = Panels("the directory's list page")
