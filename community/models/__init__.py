"""community's models, one module per area: awards.py (editions, categories, criteria,
applications, jury, scores), discussions.py (working groups' threads and messages),
testimonials.py (testimonials and success stories)."""

from community.models.testimonials import SuccessStory, Testimonial, TestimonialConsent

__all__: list[str] = ["SuccessStory", "Testimonial", "TestimonialConsent"]
