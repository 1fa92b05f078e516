from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # What the app holds about people, for export, erasure and the processing register.
        from members import privacy  # noqa: F401
