from django.db import migrations

# The internal and external targets of the cluster's communication strategy.
TARGETS = [
    ("internal", "equipe", "Équipe salariée", "Staff"),
    ("internal", "gouvernance", "Président et instances de gouvernance", "President and governance bodies"),
    ("internal", "adherents", "Entreprises membres et partenaires", "Member companies and partners"),
    ("internal", "commissions", "Commissions", "Working groups"),
    ("external", "etat", "État et institutions publiques", "State and public institutions"),
    ("external", "collectivites", "Collectivités territoriales", "Local authorities"),
    ("external", "institutions-privees", "Institutions privées", "Private institutions"),
    ("external", "investisseurs", "Investisseurs et entreprises nationaux et étrangers", "National and foreign investors and companies"),
    ("external", "porteurs-de-projets", "Porteurs de projets", "Project holders"),
    ("external", "recherche", "Centres de recherche", "Research centres"),
    ("external", "enseignement", "Universités et écoles", "Universities and schools"),
    ("external", "financements", "Programmes de financement", "Funding programmes"),
    ("external", "clusters", "Autres clusters", "Other clusters"),
    ("external", "associations", "Associations et syndicats professionnels", "Professional associations and unions"),
]


def create_targets(apps, schema_editor):
    Target = apps.get_model("communications", "Target")
    for scope, slug, name_fr, name_en in TARGETS:
        Target.objects.get_or_create(
            slug=slug, defaults={"scope": scope, "name_fr": name_fr, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("communications", "0003_newsletters_press_plan")]

    operations = [migrations.RunPython(create_targets, migrations.RunPython.noop)]
