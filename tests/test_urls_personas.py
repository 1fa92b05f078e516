"""Every URL the project defines, visited as every persona, with the expected answer.

A new URL without a line in EXPECTED fails `test_every_project_url_has_expectations`, so
nobody can add a page without saying who may see it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from communications.models import FaqCategory, FaqEntry
from conftest import PERSONA_NAMES
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
# Organization A's admins and staff (pages that staff may use on the organization's behalf).
ORG_A_MANAGERS = {**ORG_A_ADMIN_ONLY, "staff": 200}
# A working group's page: its accepted members (org A's admin leads it) and staff.
GROUP_MEMBERS = {**ORG_A_MANAGERS}

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
    # Animators' CRM. The forms of the 360° page come back with errors on an empty POST;
    # the follow-up "done" button redirects.
    "members:staff_organization": ("get", "org_a", STAFF_ONLY),
    "members:staff_organization_interaction_add": ("post", "org_a", STAFF_ONLY),
    "members:staff_organization_perception": ("post", "org_a", STAFF_ONLY),
    "members:staff_organization_animator": ("post", "org_a", {**STAFF_ONLY, "staff": 302}),
    "members:staff_interaction_done": ("post", "interaction", {**STAFF_ONLY, "staff": 302}),
    "members:staff_contacts": ("get", None, STAFF_ONLY),
    # Whoever holds the link may open it; accepting checks who they are.
    "members:invitation_accept": ("get", "invitation", PUBLIC),
    # Public directory and partners (the profile is of org A, listed in the directory).
    "members:directory": ("get", None, PUBLIC),
    "members:directory_profile": ("get", "directory_organization", PUBLIC),
    "members:partners": ("get", None, PUBLIC),
    # Joining, memberships and dues.
    "members:join": ("get", None, PUBLIC),
    "members:join_thanks": ("get", None, PUBLIC),
    "members:staff_applications": ("get", None, STAFF_ONLY),
    "members:staff_application": ("get", "application", STAFF_ONLY),
    "members:staff_memberships": ("get", "org_a", STAFF_ONLY),
    "members:staff_membership_renew": ("post", "org_a", {**STAFF_ONLY, "staff": 302}),
    "members:staff_membership_edit": ("get", "membership_a", STAFF_ONLY),
    "members:staff_dues": ("get", None, STAFF_ONLY),
    # Any contact of organization A, admin or not; other members must not learn it exists.
    "members:space_membership": (
        "get",
        "org_a",
        {**ORG_A_ADMIN_ONLY, "member_contact": 200},
    ),
    # Working groups, the member-space profile and contacts, personal data.
    "members:staff_groups": ("get", None, STAFF_ONLY),
    "members:staff_group_create": ("get", None, STAFF_ONLY),
    "members:staff_group": ("get", "group", STAFF_ONLY),
    "members:staff_group_edit": ("get", "group", STAFF_ONLY),
    "members:staff_group_request_accept": ("post", "group_request", {**STAFF_ONLY, "staff": 302}),
    "members:staff_group_request_decline": (
        "post",
        "group_request",
        {**STAFF_ONLY, "staff": 302},
    ),
    # An empty POST names no role: back to the group page with an error message.
    "members:staff_group_member_role": ("post", "group_lead", {**STAFF_ONLY, "staff": 302}),
    "members:space_groups": ("get", None, MEMBERS_ONLY),
    "members:space_group": ("get", "group", GROUP_MEMBERS),
    "members:space_group_join": (
        "post",
        "group",
        {**MEMBERS_ONLY, **dict.fromkeys(PERSONA_NAMES[1:4], 302)},
    ),
    "members:space_group_document": ("get", "group_document", GROUP_MEMBERS),
    # Leads (org A's admin) and staff decide; the requester (org A's contact) gets a 404.
    "members:space_group_request_accept": (
        "post",
        "group_request",
        {**GROUP_MEMBERS, "staff": 302, "member_admin": 302},
    ),
    "members:space_group_request_decline": (
        "post",
        "group_request",
        {**GROUP_MEMBERS, "staff": 302, "member_admin": 302},
    ),
    "members:space_profile_home": (
        "get",
        None,
        {**MEMBERS_ONLY, **dict.fromkeys(PERSONA_NAMES[1:4], 302)},
    ),
    "members:space_profile": ("get", "org_a", ORG_A_MANAGERS),
    "members:space_contacts": ("get", "org_a", ORG_A_MANAGERS),
    # An empty POST names no role: back to the contacts page with an error message.
    "members:space_contact_access": (
        "post",
        "org_a_contact_affiliation",
        {**ORG_A_MANAGERS, "staff": 302, "member_admin": 302},
    ),
    "members:space_contact_detach": ("get", "org_a_contact_affiliation", ORG_A_MANAGERS),
    # Any login with a contact; staff accounts have none.
    "members:space_my_data": ("get", None, {**MEMBERS_ONLY, "staff": 404}),
    "members:space_my_data_export": ("get", None, {**MEMBERS_ONLY, "staff": 404}),
    "members:staff_contact_erase": ("get", "contact_a", STAFF_ONLY),
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
def url_kwargs(personas, django_capture_on_commit_callbacks, settings, tmp_path):
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
        "directory_organization": lambda: _listed_in_directory(personas.org_a),
        "faq_entry": {"pk": entry.pk},
        "faq_category": {"pk": category.pk},
        "invitation": lambda: {"token": _last_invitation_token()},
        "application": lambda: {"pk": _pending_application().pk},
        "membership_a": lambda: _membership_of(personas.org_a),
        "interaction": lambda: {"pk": _interaction_due(personas).pk},
        "group": lambda: {"slug": _working_group(personas).slug},
        "group_request": lambda: _group_membership(personas, personas.member_contact),
        "group_lead": lambda: _group_membership(personas, personas.member_admin),
        "group_document": lambda: _group_document(personas, settings, tmp_path),
        "org_a_contact_affiliation": lambda: {
            "slug": personas.org_a.slug,
            "pk": personas.member_contact.contact.affiliations.get().pk,
        },
        "contact_a": lambda: {"pk": personas.member_contact.contact.pk},
    }


def _listed_in_directory(organization):
    from django.utils import timezone

    organization.directory_consent_at = timezone.now()
    organization.save(update_fields=["directory_consent_at"])
    return {"slug": organization.slug}


def _working_group(personas):
    """A group led by org A's admin, which org A's plain contact asked to join."""
    from members.models import WorkingGroup, WorkingGroupMember

    group, created = WorkingGroup.objects.get_or_create(
        slug="groupe-test", defaults={"name_fr": "Groupe test"}
    )
    if created:
        WorkingGroupMember.objects.create(
            group=group,
            contact=personas.member_admin.contact,
            role=WorkingGroupMember.Role.LEAD,
            status=WorkingGroupMember.Status.ACCEPTED,
        )
        WorkingGroupMember.objects.create(group=group, contact=personas.member_contact.contact)
    return group


def _group_membership(personas, user):
    group = _working_group(personas)
    return {"slug": group.slug, "pk": group.members.get(contact__user=user).pk}


def _group_document(personas, settings, media_root):
    from django.core.files.base import ContentFile

    from members.models import WorkingGroupDocument

    settings.MEDIA_ROOT = str(media_root)
    group = _working_group(personas)
    document = WorkingGroupDocument(group=group, title="Compte rendu")
    document.file.save("compte-rendu.txt", ContentFile(b"Notes"), save=True)
    return {"slug": group.slug, "pk": document.pk}


def _interaction_due(personas):
    from members.models import Interaction

    return Interaction.objects.create(
        organization=personas.org_a, kind=Interaction.Kind.CALL, summary="Rappeler"
    )


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


# Joining, memberships and dues.
def _pending_application():
    from members.services import joining

    return joining.application_submit(
        organization=joining.ApplicantOrganization(
            name="Gamma Robotique",
            kind="company",
            siren="732829320",
            siret="",
            naf_code="",
            headcount_band="1-9",
            postal_code="31000",
            city="Toulouse",
            website="",
        ),
        contact=joining.ApplicantContact(
            first_name="Gaëlle",
            last_name="Gamma",
            email="gaelle@gamma.test",
            phone="",
            job_title="",
            preferred_language="fr",
        ),
        category=None,
        motivation="",
        newsletter_consent=False,
    )


def _membership_of(organization):
    from members.services import memberships

    return {
        "slug": organization.slug,
        "pk": memberships.membership_renew(organization=organization).pk,
    }
