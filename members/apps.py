from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # What the app holds about people, for export, erasure and the processing register.
        # What its rows show on the stored public pages (core.pagecache).
        from members import (
            pages,  # noqa: F401
            privacy,  # noqa: F401
        )
