"""Rules about where access is decided, checked over the whole source tree.

`core/permissions.py` alone reads a user's staff and superuser flags to grant powers: that is
what makes the second-factor rule (an animator who owes it has no power) hold everywhere.
A view or service that read `user.is_staff` itself would grant the power without asking.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from core import permissions
from core.tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
FLAGS = {"is_staff", "is_superuser"}
# Modules that may read the flags, and why.
ALLOWED = {
    "core/permissions.py": "decides access",
    "core/models.py": "the user manager sets the flags when creating users",
    # Checking that a user chosen as a follow-up's animator is one: about that other user,
    # not a power of the person asking.
    "members/services/organizations.py": "validates the animator a follow-up is assigned to",
    # Erasure refuses staff accounts (closed from the Django admin instead): about the
    # person erased, not the one erasing.
    "portal/services/personal_data.py": "refuses to erase a staff account",
}


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = relative.split("/")
        if parts[0] in {".venv", "node_modules", "tests"} or "migrations" in parts:
            continue
        if "tests" in parts or relative.startswith("core/management/") or "demo" in relative:
            continue
        yield relative, path


def _flag_reads(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in FLAGS
    ]


def test_only_the_permissions_module_reads_staff_flags():
    offenders = {
        relative: lines
        for relative, path in _source_files()
        if relative not in ALLOWED and (lines := _flag_reads(path))
    }
    assert not offenders, (
        "Ask core.permissions (is_animator, can_use_django_admin...) instead of reading "
        f"is_staff/is_superuser: {offenders}"
    )


def test_templates_ask_the_context_processor_not_the_user_flags():
    offenders = [
        path.relative_to(ROOT).as_posix()
        for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
        for path in folder.rglob("*.html")
        if ".venv" not in path.parts and any(f"user.{flag}" in path.read_text() for flag in FLAGS)
    ]
    assert not offenders, offenders


def test_the_rule_checker_sees_a_flag_read(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text("def view(request):\n    return request.user.is_staff\n")
    assert _flag_reads(sample) == [2]


@pytest.mark.django_db
@pytest.mark.parametrize("superuser", [False, True])
def test_a_staff_session_owing_its_second_factor_holds_no_power(settings, superuser):
    from allauth.mfa.models import Authenticator

    settings.STAFF_REQUIRE_MFA = True
    user = UserFactory(is_staff=True, is_superuser=superuser)
    assert permissions.owes_second_factor(user)
    assert not permissions.is_animator(user)
    assert not permissions.can_use_django_admin(user)

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    fresh = type(user).objects.get(pk=user.pk)
    assert not permissions.owes_second_factor(fresh)
    assert permissions.is_animator(fresh)
    assert permissions.can_use_django_admin(fresh) is superuser


@pytest.mark.django_db
def test_setting_up_the_second_factor_ends_the_sessions_opened_with_the_password_alone(
    client, settings
):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_added
    from django.contrib.auth import HASH_SESSION_KEY
    from django.test import Client, RequestFactory

    settings.STAFF_REQUIRE_MFA = True
    user = UserFactory(is_staff=True)
    intruder, owner = Client(), client
    for session in (intruder, owner):
        session.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert intruder.get("/fr/staff/").status_code == 302  # owes the second factor

    # The owner sets up TOTP from their own session (what allauth's flow signals).
    request = RequestFactory().post("/fr/accounts/2fa/totp/activate/")
    request.session, request.user = owner.session, user
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    authenticator_added.send(
        sender=Authenticator, request=request, user=user, authenticator=authenticator
    )

    # The session opened with the password alone is over; the owner's goes on.
    response = intruder.get("/fr/staff/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    user.refresh_from_db()
    assert request.session[HASH_SESSION_KEY] == user.get_session_auth_hash()
