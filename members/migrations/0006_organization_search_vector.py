"""Faster directory pages on PostgreSQL.

- The staff list pages through every organization by name: an index on (name, id) spares
  sorting the whole table for each page.
- Search ranks its matches by relevance. Computed from the text, the tsvector of every match
  was built twice per query (to check the match, then to rank it): most of the cost of a
  search for a common word. A stored generated column keeps it built; the GIN index moves
  to it. Like the index of 0003, the column only exists on PostgreSQL and is not declared
  on the model (its expression has no SQLite equivalent), so the ORM never writes it.
"""

from django.db import migrations, models

OLD_INDEX = "organization_search_gin"
COLUMN = "search_vector"
INDEX = "organization_search_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE members_organization ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, ''))) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON members_organization USING gin ({COLUMN})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX {OLD_INDEX} ON members_organization USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
    )
    schema_editor.execute(f"ALTER TABLE members_organization DROP COLUMN {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_import_job"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["name", "id"], name="organization_name_id"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
