"""Second factors made before their secrets were sealed (core.adapters.SealingMFAAdapter):
their TOTP key, recovery-code seed and migrated codes are sealed here."""

from django.db import migrations

import core.sealing


def _sealed(value: str) -> str:
    return value if core.sealing.is_sealed(value) else core.sealing.seal(value)


def _opened(value: str) -> str:
    return core.sealing.unseal(value) if core.sealing.is_sealed(value) else value


def _rewrite(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data)
        for name in ("secret", "seed"):
            if isinstance(data.get(name), str):
                data[name] = change(data[name])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def seal(apps, schema_editor) -> None:
    _rewrite(apps, _sealed)


def unseal(apps, schema_editor) -> None:
    _rewrite(apps, _opened)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_search_text"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal, unseal)]
