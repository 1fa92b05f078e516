"""What community adds to the pages of the apps below it (members' panels), registered when
the app is ready (apps.py)."""

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
