"""Views of the members app, one module per area, named like its forms, services and
selectors (directory, joining, memberships, invitations, groups, profiles, imports,
organizations)."""
