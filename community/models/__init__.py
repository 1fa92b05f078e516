"""community's models, one module per area: awards.py (editions, categories, criteria,
applications, jury, scores), discussions.py (working groups' threads and messages),
testimonials.py (testimonials and success stories)."""

__all__: list[str] = []
