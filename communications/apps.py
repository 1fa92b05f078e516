from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self):
        # What the app holds about people, for export, erasure and the processing register.
        # What it adds to the apps below it: it owns the newsletter consent.
        from communications import (
            hooks,  # noqa: F401
            pages,  # noqa: F401 (what its rows show on stored public pages)
            privacy,  # noqa: F401
        )
