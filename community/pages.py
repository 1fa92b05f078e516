"""What community shows on stored public pages (core.pagecache): the awards pages on the
"awards" topic (and "register", whose profiles carry the winners' badges), testimonials and
success stories on "testimonials". The working groups' discussions are private."""

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
