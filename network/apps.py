from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The directory shared across the network of clusters: the open feed of the member
    organizations that agreed to it, partner clusters' feeds imported and mapped onto our
    taxonomies, the whole-network search for members and the matches staff see for a need.
    It reads the register (members) and collaboration's needs."""

    default = True
    name = "network"
    verbose_name = _("Network of clusters")

    def ready(self):
        from network import hooks, pages, privacy  # noqa: F401 (registers)
