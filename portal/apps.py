from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: what spans the domain apps (home page, dashboards, personal data
    across apps, demo seeding). It may import every app; no app imports it."""

    default = True
    name = "portal"
    verbose_name = _("Portal")
