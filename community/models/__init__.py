"""community's models, one module per area: awards.py (editions, categories, criteria,
applications, jury, scores), discussions.py (working groups' threads and messages),
testimonials.py (testimonials and success stories)."""

from community.models.awards import (
    AwardApplication,
    AwardAttachment,
    AwardCategory,
    AwardCriterion,
    Edition,
    Juror,
    JurorConflict,
    JuryScore,
)

__all__: list[str] = [
    "AwardApplication",
    "AwardAttachment",
    "AwardCategory",
    "AwardCriterion",
    "Edition",
    "Juror",
    "JurorConflict",
    "JuryScore",
]
