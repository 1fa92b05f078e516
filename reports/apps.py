from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Activity reports, working-group syntheses and members' annual statements: they read
    every domain app, so they sit above them, below the portal."""

    default = True
    name = "reports"
    verbose_name = _("Activity reports")

    def ready(self):
        from reports import hooks, pages, privacy  # noqa: F401 (registers)
