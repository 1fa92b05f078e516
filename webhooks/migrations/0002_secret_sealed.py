import core.sealing
import webhooks.models.endpoints
from django.db import migrations

TABLE = "webhooks_webhookendpoint"


def _rewrite(schema_editor, change) -> None:
    # Raw rows: the model's field would try to open the values being converted.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, secret FROM {TABLE}")  # noqa: S608 (a constant)
        for pk, secret in cursor.fetchall():
            new = change(secret)
            if new != secret:
                cursor.execute(f"UPDATE {TABLE} SET secret = %s WHERE id = %s", [new, pk])  # noqa: S608


def seal_secrets(apps, schema_editor) -> None:
    _rewrite(
        schema_editor,
        lambda secret: secret if core.sealing.is_sealed(secret) else core.sealing.seal(secret),
    )


def open_secrets(apps, schema_editor) -> None:
    _rewrite(
        schema_editor,
        lambda secret: core.sealing.unseal(secret) if core.sealing.is_sealed(secret) else secret,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_webhook_endpoints_and_deliveries"),
    ]

    operations = [
        migrations.AlterField(
            model_name="webhookendpoint",
            name="secret",
            field=core.sealing.SealedTextField(
                default=webhooks.models.endpoints.secret_generate
            ),
        ),
        migrations.RunPython(seal_secrets, open_secrets),
    ]
