from django.conf import settings

from portal import permissions


def portal(request):
    """What the base layout needs on every page. No database query happens here unless a
    template asks for the lazy values (the header asks only for logged-in users)."""
    user = getattr(request, "user", None)

    def is_member():
        return user is not None and permissions.is_member_contact(user)

    return {
        "cluster_name": settings.CLUSTER_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "user_is_animator": user is not None and permissions.is_animator(user),
        "user_is_member": is_member,
        "user_can_use_django_admin": lambda: (
            user is not None and permissions.can_use_django_admin(user)
        ),
    }
