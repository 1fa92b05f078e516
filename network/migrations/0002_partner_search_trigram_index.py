"""A trigram index on partner organizations' search document, which the whole-network
search reads with `LIKE '%word%'` for every word: without it each search reads every row
of every partner's directory. The document is already lower-case and accent-free
(core.search), so the index is on the column itself. PostgreSQL only: SQLite, where the
quick start runs, has no such index.
"""

from django.db import migrations

INDEX = "partner_organization_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_partnerorganization "
            "USING gin (search_document gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    # core 0008 enables pg_trgm.
    dependencies = [("core", "0008_search_text"), ("network", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
