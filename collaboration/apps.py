from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    """Collaboration between members: calls for collaborative projects and their consortia,
    introductions by competence from needs and offers, and the opportunities board. It reads
    the register (members); communications shows its calls in the newsletter and the press
    room, the reports count it."""

    default = True
    name = "collaboration"
    verbose_name = _("Collaboration")

    def ready(self):
        from collaboration import hooks, pages, privacy  # noqa: F401 (registers)
