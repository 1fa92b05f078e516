"""community's models, one module per area: awards.py (editions, categories, criteria,
applications, jury, scores), discussions.py (working groups' threads and messages),
testimonials.py (testimonials and success stories)."""

from community.models.discussions import Message as DiscussionMessage
from community.models.discussions import (
    MessageReport,
    NotificationPreference,
    Thread,
    ThreadRead,
)
from community.models.testimonials import SuccessStory, Testimonial, TestimonialConsent

__all__: list[str] = [
    "DiscussionMessage",
    "MessageReport",
    "NotificationPreference",
    "SuccessStory",
    "Testimonial",
    "TestimonialConsent",
    "Thread",
    "ThreadRead",
]
