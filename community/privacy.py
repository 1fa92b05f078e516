"""Personal data held by community (see core.personal_data). Imported by
CommunityConfig.ready().

Applications belong to organizations, messages to working groups, testimonials to the cluster;
what points at a person is who wrote, scored or said them. Erasure keeps the rows (the record
and the figures) and removes the person from them; a published testimonial comes down."""

# Awards ------------------------------------------------------------------------------------


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
