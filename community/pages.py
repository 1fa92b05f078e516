"""What community shows on stored public pages (core.pagecache): the awards pages on the
"awards" topic (and "register", whose profiles carry the winners' badges), testimonials and
success stories on "testimonials". The working groups' discussions are private."""

# Awards ------------------------------------------------------------------------------------
# The awards pages read editions, categories, criteria and the winners' applications; the
# directory profiles (topic "register") show the winners' badges.
from community import models as community_models  # noqa: E402
from core.pagecache import changes_feed, changes_private  # noqa: E402

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


# Testimonials and success stories ----------------------------------------------------------
