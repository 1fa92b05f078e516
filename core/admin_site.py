from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core import permissions


class PortalAdminSite(admin.AdminSite):
    """Django admin for superusers only: animators work in /staff/, not here."""

    site_header = _("Cluster portal administration")
    site_title = _("Cluster portal administration")

    def has_permission(self, request):
        return permissions.can_use_django_admin(request.user)

    def login(self, request, extra_context=None):
        """Never Django's own password form: it would sign a session into another account
        with a password alone, past the second factor and allauth's rate limits. Visitors
        sign in through allauth; signed-in people are sent where they belong."""
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.has_permission(request):
            return redirect("admin:index")
        if permissions.owes_second_factor(user):
            return permissions.second_factor_setup_redirect(request)
        raise PermissionDenied
