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
    "members/services/crm.py": "validates the animator a follow-up is assigned to",
    # Erasure refuses staff accounts (closed from the Django admin instead): about the
    # person erased, not the one erasing.
    "members/services/personal_data.py": "refuses to erase a staff account",
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
