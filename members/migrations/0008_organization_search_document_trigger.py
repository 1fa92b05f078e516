"""The search document is kept by PostgreSQL itself.

Every writer of an organization had to remember to call `organization_search_refresh`; an
application approved through /join/ did not, and the new member could not be found by its
name. A trigger now computes `search_document` whenever a row is inserted or updated, from
the row and its sectors, competences and labels, and the link tables and the taxonomy terms
touch the organizations they concern when they change. The stored `search_vector` of 0006
follows `search_document`, so no path (service, import, admin, raw SQL) can leave a listed
organization unfindable.

The normalisation is members.services.directory.search_normalise's, in SQL: lower-case,
accents and ligatures removed by unaccent (0003 created the extension). SQLite, where the
quick start runs, has no trigger: there the services' refresh remains the only writer.
"""

from django.db import migrations

FUNCTION = "members_organization_search_document"
TERMS = [
    # (term table, link table, link column)
    ("members_sector", "members_organization_sectors", "sector_id"),
    ("members_competence", "members_organization_competences", "competence_id"),
    ("members_label", "members_organization_labels", "label_id"),
]


def _norm(expression: str) -> str:
    return f"NULLIF(lower(unaccent({expression})), '')"


def _terms_of(table: str, link: str, column: str) -> str:
    # Each term's French then English name, in the order Organization.<terms>.all() gives.
    return (
        f"(SELECT string_agg(concat_ws(' ', {_norm('t.name_fr')}, {_norm('t.name_en')}), ' ' "
        f"ORDER BY t.name_fr, t.id) FROM {link} l JOIN {table} t ON t.id = l.{column} "
        "WHERE l.organization_id = NEW.id)"
    )


FORWARDS = [
    f"""
    CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := concat_ws(' ',
            {_norm("NEW.name")}, {_norm("NEW.city")},
            {_norm("NEW.description_fr")}, {_norm("NEW.description_en")},
            {_norm("NEW.offer_fr")}, {_norm("NEW.offer_en")},
            {_norm("replace(NEW.keywords, ',', ' ')")},
            {", ".join(_terms_of(*term) for term in TERMS)}
        );
        RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE TRIGGER {FUNCTION} BEFORE INSERT OR UPDATE ON members_organization
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()
    """,
    # Touching an organization (search_document := '') has the trigger above recompute it.
    *(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE members_organization SET search_document = '' WHERE id IN ({rows});
            RETURN NULL;
        END
        $$
        """
        for name, rows in [
            ("link_added", "SELECT organization_id FROM changed"),
            ("link_removed", "SELECT organization_id FROM changed"),
            *(
                (
                    f"{table}_renamed",
                    f"SELECT organization_id FROM {link} WHERE {column} IN (SELECT id FROM changed)",
                )
                for table, link, column in TERMS
            ),
        ]
    ),
]
for table, link, column in TERMS:
    # A statement trigger with its transition table: one UPDATE per statement, however many
    # links a form's save or an import adds.
    FORWARDS += [
        f"""CREATE TRIGGER {link}_search_added AFTER INSERT ON {link}
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
        EXECUTE FUNCTION {FUNCTION}_link_added()""",
        f"""CREATE TRIGGER {link}_search_removed AFTER DELETE ON {link}
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
        EXECUTE FUNCTION {FUNCTION}_link_removed()""",
        f"""CREATE TRIGGER {table}_search_renamed AFTER UPDATE ON {table}
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
        EXECUTE FUNCTION {FUNCTION}_{table}_renamed()""",
    ]
# Every existing organization gets its document from the trigger once.
FORWARDS.append("UPDATE members_organization SET search_document = ''")

BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {link}_search_added ON {link}" for _t, link, _c in TERMS),
    *(f"DROP TRIGGER IF EXISTS {link}_search_removed ON {link}" for _t, link, _c in TERMS),
    *(f"DROP TRIGGER IF EXISTS {table}_search_renamed ON {table}" for table, _l, _c in TERMS),
    f"DROP TRIGGER IF EXISTS {FUNCTION} ON members_organization",
    f"DROP FUNCTION IF EXISTS {FUNCTION}_link_added()",
    f"DROP FUNCTION IF EXISTS {FUNCTION}_link_removed()",
    *(f"DROP FUNCTION IF EXISTS {FUNCTION}_{table}_renamed()" for table, _l, _c in TERMS),
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_upload_content_checked"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
