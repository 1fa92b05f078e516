"""Views of the members app, one module per area (space, staff, invitations, ...)."""
