"""Opportunity.first_published_at: the first publication, which an edit sent back to
moderation does not erase (published_at is), so the reports' figures of a past period stay
as they were. Items published so far take their current publication time; those already
sent back to moderation lost theirs."""

from django.db import migrations, models


def first_published_copy(apps, schema_editor):
    Opportunity = apps.get_model("collaboration", "Opportunity")
    Opportunity.objects.filter(published_at__isnull=False).update(
        first_published_at=models.F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0002_introduction_pair"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published on"
            ),
        ),
        migrations.RunPython(first_published_copy, migrations.RunPython.noop),
    ]
