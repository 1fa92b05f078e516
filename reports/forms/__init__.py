"""Forms of the reports app."""
