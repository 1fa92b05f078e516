"""Who may do what: the generic rules every app's rulebook builds on.

Each app decides access to its own objects in its `permissions.py` (members: organizations,
member contacts and working groups; events: events and registrations), which re-exports
what is here, so a view imports one module: its app's. This module holds what concerns any
user whatever the app: an *animator* is a staff user (`is_staff`) who has set up their
second factor; superusers alone reach the Django admin. It alone reads the staff and
superuser flags (core/tests/test_permission_rules.py).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def is_animator(user) -> bool:
    """Whether this session holds the animators' powers.

    Every staff power in the project is decided through here, so a session that still owes
    its second factor (see `owes_second_factor`) has none of them anywhere: not in the
    back-office, not on members' pages staff may act on, not in previews of drafts.
    """
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
    ) and not owes_second_factor(user)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def owes_second_factor(user) -> bool:
    """Staff and superusers must set up TOTP before they hold any power, when the setting
    asks for it. A login of a user who has TOTP always passed it (allauth asks for the code
    before the session exists), so the user's account answers for the session.

    Asked by several predicates per request: the answer is kept on the user object, which
    lives as long as the request.
    """
    if not (user.is_authenticated and (user.is_staff or user.is_superuser)):
        return False
    if not settings.STAFF_REQUIRE_MFA:
        return False
    cached = getattr(user, "_owes_second_factor", None)
    if cached is None:
        cached = user._owes_second_factor = not has_second_factor(user)
    return cached


def can_use_django_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_superuser
        and not owes_second_factor(user)
    )


def staff_required(view):
    """Animators only: anonymous visitors go to login, staff who still owe their second
    factor are sent to set it up, everyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if owes_second_factor(user):
            return second_factor_setup_redirect(request)
        if not is_animator(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def second_factor_setup_redirect(request):
    messages.warning(request, _("Set up two-factor authentication before using the back-office."))
    return redirect("mfa_activate_totp")
