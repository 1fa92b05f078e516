from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import permissions


class PortalAdminSite(admin.AdminSite):
    """Django admin for superusers only: animators work in /staff/, not here."""

    site_header = _("Cluster portal administration")
    site_title = _("Cluster portal administration")

    def has_permission(self, request):
        return permissions.can_use_django_admin(request.user)
