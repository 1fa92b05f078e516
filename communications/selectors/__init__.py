"""Reads of the communications app: querysets, figures and lookups for the views, the tasks
and the apps above. Nothing here writes."""
