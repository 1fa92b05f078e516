"""Forms of the members app, one module per area, named like its views and services."""
