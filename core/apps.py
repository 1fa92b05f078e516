from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.db.backends.signals import connection_created

        # What the app holds about people, for export, erasure and the processing register.
        from core import pages, privacy  # noqa: F401
        from core.adapters import other_sessions_end
        from core.search import sqlite_register

        connection_created.connect(sqlite_register, dispatch_uid="core.search.sqlite_register")
        authenticator_added.connect(other_sessions_end, dispatch_uid="core.other_sessions_end")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "core.admin_site.PortalAdminSite"
