import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


def withdraw_duplicates(apps, schema_editor):
    """Before the constraint: where two organizations have more than one pending or
    accepted introduction (one each way), keep the first accepted one, else the oldest
    pending one, and mark the others withdrawn."""
    Introduction = apps.get_model("collaboration", "Introduction")
    kept = set()
    rows = Introduction.objects.filter(status__in=["pending", "accepted"]).order_by(
        models.Case(models.When(status="accepted", then=0), default=1), "created_at", "pk"
    )
    for introduction in rows.iterator():
        pair = frozenset((introduction.requester_id, introduction.target_id))
        if pair in kept:
            Introduction.objects.filter(pk=introduction.pk).update(status="withdrawn")
        else:
            kept.add(pair)


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0001_collaboration"),
        ("members", "0014_alter_interaction_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(withdraw_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="introduction",
            name="introduction_one_pending_per_pair",
        ),
        migrations.AddConstraint(
            model_name="introduction",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Least("requester", "target"),
                django.db.models.functions.comparison.Greatest("requester", "target"),
                condition=models.Q(("status__in", ["pending", "accepted"])),
                name="introduction_one_open_per_pair",
            ),
        ),
    ]
