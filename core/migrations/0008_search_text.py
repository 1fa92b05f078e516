"""The text searches compare, as one IMMUTABLE function: `portal_search_text(text)` is
`lower(unaccent(text))`, the function core.search.SearchText calls (SQLite has a Python
function of the same name). `unaccent()` itself is only STABLE (its dictionary could
change), so no index could be built on it; naming the dictionary makes the result depend on
the text alone, which lets the apps build trigram indexes on the searched columns
(pg_trgm), and a search for a word inside a name use them instead of reading every row.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION portal_search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Both extensions are trusted (PostgreSQL 13+): the database owner may create them.
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The indexes built on it go with it; the extensions stay for whatever else uses them.
        schema_editor.execute("DROP FUNCTION IF EXISTS portal_search_text(text) CASCADE")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_personal_link")]

    operations = [migrations.RunPython(forwards, backwards)]
