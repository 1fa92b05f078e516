from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import sealing
from core.adapters import MFA_SEALED_KEYS, MFA_SEALED_LISTS


class Command(BaseCommand):
    help = (
        "Seal every stored secret again under the current SECRET_KEY (core.sealing): run it "
        "after changing the key, with the former one in SECRET_KEY_FALLBACKS, and after a "
        "rolling deploy; once it has run, the fallback may go."
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
            rows = model._base_manager.values_list("pk", *names).select_for_update()
            for pk, *values in rows:
                try:
                    opened = [sealing.opened(value) for value in values]
                except sealing.Unsealable as error:
                    raise CommandError(f"{model._meta.label} {pk}: {error}") from None
                # Written back open, the field seals it under the current key.
                model._base_manager.filter(pk=pk).update(**dict(zip(names, opened, strict=True)))
                count += 1
        for authenticator in Authenticator.objects.select_for_update():
            data = dict(authenticator.data)
            try:
                for name in MFA_SEALED_KEYS:
                    if isinstance(data.get(name), str):
                        data[name] = sealing.reseal(data[name])
                for name in MFA_SEALED_LISTS:
                    if isinstance(data.get(name), list):
                        data[name] = [sealing.reseal(code) for code in data[name]]
            except sealing.Unsealable as error:
                raise CommandError(f"second factor {authenticator.pk}: {error}") from None
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
            count += 1
        self.stdout.write(f"{count} row(s) sealed under the current key.")
