"""Celery tasks of community: they load objects by key and call a service."""

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
