"""Newsletters choose whether to announce the open calls for projects, apart from the
events. The ones already sent did not have that block frozen: their web version no longer
shows calls it could only have computed afresh."""

from django.db import migrations, models


def sent_ones_without_calls(apps, schema_editor):
    Newsletter = apps.get_model("communications", "Newsletter")
    Newsletter.objects.filter(status="sent").update(include_calls=False)


class Migration(migrations.Migration):
    dependencies = [
        ("communications", "0008_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsletter",
            name="include_calls",
            field=models.BooleanField(default=True, verbose_name="open calls for projects"),
        ),
        migrations.RunPython(sent_ones_without_calls, migrations.RunPython.noop),
    ]
