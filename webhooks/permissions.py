"""Who may see the webhooks: animators only, for every endpoint and every message (they
carry members' personal data and a signing secret)."""

from core.permissions import is_animator, staff_required  # noqa: F401 (re-exported)


def can_manage_webhooks(user) -> bool:
    return is_animator(user)
