"""Directory search on PostgreSQL: the unaccent extension and a GIN index on the tsvector of
Organization.search_document. Nothing happens on SQLite, where the directory falls back to
a LIKE on the same (already accent-free) column.

Written with RunPython because django.contrib.postgres's CreateExtension skips other
databases going forwards but not going backwards, and because the index is not declared on
the model (its expression only exists on PostgreSQL).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "organization_search_gin"


def _index():
    # The very expression members.services.directory searches with, so the planner uses it.
    return GinIndex(SearchVector("search_document", config="simple"), name=INDEX_NAME)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.add_index(apps.get_model("members", "Organization"), _index())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other features may have come to rely on it.
    schema_editor.remove_index(apps.get_model("members", "Organization"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_register"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
