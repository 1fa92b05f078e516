from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self):
        # What the app holds about people, for export, erasure and the processing register.
        from communications import privacy  # noqa: F401
