"""Demo reports: see portal.management.commands.seed_demo."""
