"""What community shows on stored public pages (core.pagecache): the awards pages on the
"awards" topic (and "register", whose profiles carry the winners' badges), testimonials and
success stories on "testimonials". The working groups' discussions are private."""

from community import models as community_models
from community.models import (
    DiscussionMessage,
    MessageReport,
    NotificationPreference,
    SuccessStory,
    Testimonial,
    TestimonialConsent,
    Thread,
    ThreadRead,
)
from core.pagecache import changes_feed, changes_private

# Awards ------------------------------------------------------------------------------------
# The awards pages read editions, categories, criteria and the winners' applications; the
# directory profiles (topic "register") show the winners' badges.

for _model in (
    community_models.Edition,
    community_models.AwardCategory,
    community_models.AwardCriterion,
    community_models.AwardApplication,
):
    changes_feed(_model, ("awards", "register"))
for _model, _reason in (
    (community_models.AwardAttachment, "an application's documents are private"),
    (community_models.Juror, "the jury is staff's"),
    (community_models.JurorConflict, "a juror's declaration is private"),
    (community_models.JuryScore, "scores are staff's"),
):
    changes_private(_model, _reason)

# Discussions -------------------------------------------------------------------------------

for _model, _reason in (
    (Thread, "a working group's discussions are for its members"),
    (DiscussionMessage, "a working group's discussions are for its members"),
    (ThreadRead, "what a person has read"),
    (NotificationPreference, "a person's email preference"),
    (MessageReport, "reports are for the moderators"),
):
    changes_private(_model, _reason)


# Testimonials and success stories ----------------------------------------------------------


changes_feed(Testimonial, ("testimonials",))
# Stories show on the organizations' directory profiles too.
changes_feed(SuccessStory, ("testimonials", "register"))
changes_private(TestimonialConsent, "consents are staff's record; publishing is the testimonial's")
