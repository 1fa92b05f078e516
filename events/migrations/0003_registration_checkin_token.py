import secrets

from django.db import migrations, models

import events.models.feeds


def fill_checkin_tokens(apps, schema_editor):
    # A callable default is evaluated once for AddField: each existing row needs its own.
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.filter(checkin_token__isnull=True).only("pk"):
        registration.checkin_token = secrets.token_urlsafe(24)
        registration.save(update_fields=["checkin_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_registrations"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="checkin_token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(fill_checkin_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="checkin_token",
            field=models.CharField(
                default=events.models.feeds.new_token, max_length=64, unique=True
            ),
        ),
    ]
