from django.db import migrations

# The categories every cluster's FAQ starts with; staff rename or add more in /staff/faq/.
CATEGORIES = [
    ("mission", "La mission du cluster", "The cluster's mission"),
    ("domaines-d-action", "Nos domaines d'action", "Domains of action"),
    ("adhesion", "La procédure d'adhésion", "Membership procedure"),
    ("labellisation", "La labellisation des projets", "Project labelling"),
    ("contacts", "Contacts", "Contacts"),
]


def create_categories(apps, schema_editor):
    FaqCategory = apps.get_model("communications", "FaqCategory")
    for position, (slug, name_fr, name_en) in enumerate(CATEGORIES):
        FaqCategory.objects.get_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("communications", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
