"""Reads of the members app, one module per area: querysets, figures and lookups for its
views, its services and the apps above. Nothing here writes."""
