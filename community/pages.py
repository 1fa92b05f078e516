"""What community shows on stored public pages (core.pagecache): the awards pages on the
"awards" topic (and "register", whose profiles carry the winners' badges), testimonials and
success stories on "testimonials". The working groups' discussions are private."""

# Awards ------------------------------------------------------------------------------------

# Discussions -------------------------------------------------------------------------------
from community.models import (  # noqa: E402
    DiscussionMessage,
    MessageReport,
    NotificationPreference,
    Thread,
    ThreadRead,
)
from core.pagecache import changes_private  # noqa: E402

for _model, _reason in (
    (Thread, "a working group's discussions are for its members"),
    (DiscussionMessage, "a working group's discussions are for its members"),
    (ThreadRead, "what a person has read"),
    (NotificationPreference, "a person's email preference"),
    (MessageReport, "reports are for the moderators"),
):
    changes_private(_model, _reason)


# Testimonials and success stories ----------------------------------------------------------
