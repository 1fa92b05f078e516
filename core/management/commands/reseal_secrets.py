from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core import sealing

# allauth's second factors: what each kind keeps sealed in its data (core.adapters).
_AUTHENTICATOR_SECRETS = ("secret", "seed")


class Command(BaseCommand):
    help = (
        "Seal every stored secret again under the current SECRET_KEY (core.sealing): run it "
        "after changing the key, with the former one in SECRET_KEY_FALLBACKS; once it has "
        "run, the fallback may go."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for model in apps.get_models():
            names = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, sealing.SealedTextField)
            ]
            if not names:
                continue
            # Read open (the field unseals), written back sealed under the current key.
            for pk, *values in model._base_manager.values_list("pk", *names).select_for_update():
                model._base_manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
                count += 1
        for authenticator in Authenticator.objects.select_for_update():
            data = dict(authenticator.data)
            for name in _AUTHENTICATOR_SECRETS:
                if isinstance(data.get(name), str):
                    data[name] = sealing.reseal(data[name])
            if isinstance(data.get("migrated_codes"), list):
                data["migrated_codes"] = [sealing.reseal(code) for code in data["migrated_codes"]]
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
            count += 1
        self.stdout.write(f"{count} row(s) sealed under the current key.")
