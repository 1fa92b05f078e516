"""Every URL the project defines, visited as every persona, with the expected answer.

A new URL without a line in EXPECTED fails `test_every_project_url_has_expectations`, so
nobody can add a page without saying who may see it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from conftest import PERSONA_NAMES
from communications.models import FaqCategory, FaqEntry
from members import services as member_services
from members.models import Affiliation

LOGIN = "login"  # 302 to the login page

PUBLIC = dict.fromkeys(PERSONA_NAMES, 200)
STAFF_ONLY = {
    "staff": 200,
    "member_admin": 403,
    "member_contact": 403,
    "other_member": 403,
    "anonymous": LOGIN,
}
MEMBERS_ONLY = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 200,
    "anonymous": LOGIN,
}
# Organization A's admin only; other members must not even learn the page exists.
ORG_A_ADMIN_ONLY = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 404,
    "other_member": 404,
    "anonymous": LOGIN,
}
REDIRECT_ALL = dict.fromkeys(PERSONA_NAMES, 302)

# name → (HTTP method, URL kwargs builder key, expected status per persona)
EXPECTED = {
    "healthz": ("get", None, PUBLIC),
    "set_language": ("post", None, REDIRECT_ALL),
    "core:home": ("get", None, PUBLIC),
    "core:legal": ("get", None, PUBLIC),
    "core:privacy": ("get", None, PUBLIC),
    "core:after_login": ("get", None, REDIRECT_ALL),
    "core:staff_dashboard": ("get", None, STAFF_ONLY),
    "communications:faq": ("get", None, PUBLIC),
    "communications:staff_faq": ("get", None, STAFF_ONLY),
    "communications:staff_faq_entry_create": ("get", None, STAFF_ONLY),
    "communications:staff_faq_entry_edit": ("get", "faq_entry", STAFF_ONLY),
    "communications:staff_faq_entry_delete": (
        "post",
        "faq_entry",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_faq_category_create": ("get", None, STAFF_ONLY),
    "communications:staff_faq_category_edit": ("get", "faq_category", STAFF_ONLY),
    "members:space_dashboard": ("get", None, MEMBERS_ONLY),
    "members:space_invite": ("get", "org_a", ORG_A_ADMIN_ONLY),
    "members:staff_organizations": ("get", None, STAFF_ONLY),
    "members:staff_invite": ("get", "org_a", STAFF_ONLY),
    # Whoever holds the link may open it; accepting checks who they are.
    "members:invitation_accept": ("get", "invitation", PUBLIC),
    # A few of the pages provided by django-allauth and the admin.
    "account_login": ("get", None, {**PUBLIC, **dict.fromkeys(PERSONA_NAMES[:4], 302)}),
    "account_reset_password": ("get", None, PUBLIC),
    "account_signup": ("get", None, {**PUBLIC, **dict.fromkeys(PERSONA_NAMES[:4], 302)}),
    "account_email": ("get", None, {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN}),
    "account_change_password": (
        "get",
        None,
        {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN},
    ),
    "mfa_index": ("get", None, {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN}),
    # Activating TOTP asks for the password again (a test login is not a recent one).
    "mfa_activate_totp": ("get", None, {**REDIRECT_ALL, "anonymous": LOGIN}),
    # The Django admin is for superusers only (see test_django_admin_is_for_superusers_only).
    "admin:index": ("get", None, dict.fromkeys(PERSONA_NAMES, 302)),
}

PROJECT_NAMESPACES = {"core", "members", "communications", "events", "surveys"}


def _project_url_names(patterns=None, namespace=None):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            names |= _project_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            if namespace in PROJECT_NAMESPACES:
                names.add(f"{namespace}:{entry.name}")
            elif namespace is None and entry.name in {"healthz", "set_language"}:
                names.add(entry.name)
    return names


def test_every_project_url_has_expectations():
    missing = _project_url_names() - EXPECTED.keys()
    assert not missing, f"URLs without persona expectations: {sorted(missing)}"


@pytest.fixture
def url_kwargs(personas, django_capture_on_commit_callbacks):
    category = FaqCategory.objects.get(slug="mission")
    entry = FaqEntry.objects.create(
        category=category, question_fr="Q ?", answer_fr="R.", slug="q-test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        member_services.invitation_create(
            organization=personas.org_a,
            email="newcomer@alpha.test",
            first_name="Nina",
            last_name="Nouvelle",
            access=Affiliation.Access.CONTACT,
            language="fr",
            invited_by=personas.staff,
        )
    return {
        "org_a": {"slug": personas.org_a.slug},
        "faq_entry": {"pk": entry.pk},
        "faq_category": {"pk": category.pk},
        "invitation": lambda: {"token": _last_invitation_token()},
    }


def _last_invitation_token():
    from django.core import mail

    match = re.search(r"/accounts/invitation/([^/\s]+)/", mail.outbox[-1].body)
    return match.group(1)


def _assert_no_inline_script(response):
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", html)
    assert not inline, f"inline script on {response.request['PATH_INFO']}: {inline}"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_persona_as_expected(name, persona, client_for, url_kwargs):
    method, kwargs_key, expected_by_persona = EXPECTED[name]
    kwargs = url_kwargs[kwargs_key] if kwargs_key else None
    if callable(kwargs):
        kwargs = kwargs()
    with translation.override("fr"):
        url = reverse(name, kwargs=kwargs)
    client = client_for(persona)
    data = {"language": "en", "next": "/fr/"} if name == "set_language" else {}
    response = getattr(client, method)(url, data)
    expected = expected_by_persona[persona]
    if expected == LOGIN:
        assert response.status_code == 302, (name, persona, response.status_code)
        assert "/accounts/login/" in response["Location"], response["Location"]
    else:
        assert response.status_code == expected, (name, persona, response.status_code)
    if response.status_code == 200:
        _assert_no_inline_script(response)


def test_django_admin_is_for_superusers_only(client, personas):
    from core.tests.factories import UserFactory

    client.force_login(personas.staff, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 302
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.get("/admin/members/organization/").status_code == 200
