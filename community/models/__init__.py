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
from community.models.discussions import Message as DiscussionMessage
from community.models.discussions import (
    MessageReport,
    NotificationPreference,
    Thread,
    ThreadRead,
)
from community.models.testimonials import SuccessStory, Testimonial, TestimonialConsent

__all__: list[str] = [
    "AwardApplication",
    "AwardAttachment",
    "AwardCategory",
    "AwardCriterion",
    "DiscussionMessage",
    "Edition",
    "Juror",
    "JurorConflict",
    "JuryScore",
    "MessageReport",
    "NotificationPreference",
    "SuccessStory",
    "Testimonial",
    "TestimonialConsent",
    "Thread",
    "ThreadRead",
]
