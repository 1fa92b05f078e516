from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        # What the app holds about people, for export, erasure and the processing register.
        # Its sections on the pages of the apps below it (core.panels) and its hooks.
        from surveys import (
            hooks,  # noqa: F401
            pages,  # noqa: F401 (what its rows show on stored public pages)
            privacy,  # noqa: F401
        )
