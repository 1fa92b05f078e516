"""The pages that manage the API's tokens: staff make any token, an organization's admins
make their organization's read-only ones; the secret is shown once; revoking stops it at
once; the audit log lists the writes made with a token."""

import datetime
import hashlib
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiAuditEntry, ApiToken
from api.scopes import ORGANIZATION_RESOURCES
from api.services.tokens import api_audit_purge
from api.tests.helpers import bearer, organization_token, staff_token
from events.tests.factories import RegistrationFactory


def _staff_form(**overrides) -> dict:
    return {
        "name": "Comptabilité",
        "scopes": ["memberships:read", "events:write"],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        **overrides,
    }


def _secret_in(response) -> str:
    content = response.content.decode()
    start = content.index('value="cpt_') + len('value="')
    return content[start : content.index('"', start)]


def test_staff_make_a_token_whose_secret_shows_once_and_is_stored_as_a_hash(client, personas):
    client.force_login(personas.staff)
    response = client.post(reverse("api_tokens:staff_token_create"), _staff_form())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = _secret_in(response)
    token = ApiToken.objects.get()
    assert token.scopes == ["events:write", "memberships:read"]
    assert token.created_by == personas.staff
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    # Nothing keeps it: not the list, not the form again, not a message for the next page.
    for url in ("api_tokens:staff_tokens", "api_tokens:staff_token_create"):
        assert secret.encode() not in client.get(reverse(url)).content
    assert secret not in str(dict(client.session))
    # And it works.
    assert client.get("/api/v1/registrations/", **bearer(secret)).status_code == 200


def test_the_token_expiry_is_bounded_and_scopes_are_required(client, personas, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    client.force_login(personas.staff)
    too_late = (timezone.localdate() + datetime.timedelta(days=31)).isoformat()
    response = client.post(
        reverse("api_tokens:staff_token_create"), _staff_form(expires_on=too_late, scopes=[])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "30" in form.errors["expires_on"][0]
    assert form.has_error("scopes", "required")
    assert not ApiToken.objects.exists()


def test_the_form_defaults_to_ninety_days(client, personas):
    client.force_login(personas.staff)
    response = client.get(reverse("api_tokens:staff_token_create"))
    default = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    assert f'value="{default}"'.encode() in response.content
    assert b'type="date"' in response.content


def test_a_revoked_token_gets_401_at_once(client, personas):
    secret = staff_token(personas.staff, "events:read")
    assert client.get("/api/v1/events/", **bearer(secret)).status_code == 200
    client.force_login(personas.staff)
    token = ApiToken.objects.get()
    response = client.post(reverse("api_tokens:staff_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == personas.staff
    client.logout()
    assert client.get("/api/v1/events/", **bearer(secret)).status_code == 401


def test_the_list_filters_by_state(client, personas):
    staff_token(personas.staff, "events:read", name="Active")
    staff_token(personas.staff, "events:read", name="Expired")
    ApiToken.objects.filter(name="Expired").update(expires_at=timezone.now())
    client.force_login(personas.staff)
    page = client.get(reverse("api_tokens:staff_tokens"), {"state": "expired"})
    names = [token.name for token in page.context["page"]]
    assert names == ["Expired"]


@pytest.mark.parametrize("count", [1, 8])
def test_the_token_list_costs_fixed_queries(client, personas, django_assert_num_queries, count):
    for number in range(count):
        staff_token(personas.staff, "events:read", name=f"Outil {number}")
        organization_token(personas.member_admin, personas.org_a)
    client.force_login(personas.staff)
    # Session and user; the count; the header's "is a member" check; the page with
    # organizations and makers.
    with django_assert_num_queries(5):
        response = client.get(reverse("api_tokens:staff_tokens"))
    assert len(response.context["page"].object_list) == 2 * count


def test_an_organization_admin_makes_a_read_only_token_of_their_organization(client, personas):
    RegistrationFactory(organization=personas.org_a)
    RegistrationFactory(organization=personas.org_b)
    client.force_login(personas.member_admin)
    response = client.post(
        reverse("api_tokens:space_token_create", args=[personas.org_a.slug]),
        {"name": "Notre CRM", "expires_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    secret = _secret_in(response)
    token = ApiToken.objects.get()
    assert token.organization == personas.org_a
    assert token.scopes == sorted(f"{resource}:read" for resource in ORGANIZATION_RESOURCES) or (
        set(token.scopes) == {f"{resource}:read" for resource in ORGANIZATION_RESOURCES}
    )
    assert secret.encode() not in client.get(reverse("api_tokens:space_tokens")).content
    client.logout()
    body = json.loads(client.get("/api/v1/registrations/", **bearer(secret)).content)
    assert {item["organization"] for item in body["items"]} == {personas.org_a.slug}
    # Read-only: a write is refused, and recorded.
    assert client.post("/api/v1/events/", **bearer(secret)).status_code in (403, 405)


def test_other_people_cannot_reach_an_organizations_tokens(client, personas):
    organization_token(personas.member_admin, personas.org_a)
    token = ApiToken.objects.get()
    revoke = reverse("api_tokens:space_token_revoke", args=[personas.org_a.slug, token.pk])
    for user in (personas.member_contact, personas.other_member):
        client.force_login(user)
        assert client.post(revoke).status_code == 404
        page = client.get(reverse("api_tokens:space_tokens"))
        assert b"Notre outil" not in page.content
    # Org B's admin cannot revoke it through their own organization's address either.
    client.force_login(personas.other_member)
    other = reverse("api_tokens:space_token_revoke", args=[personas.org_b.slug, token.pk])
    assert client.post(other).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(personas.member_admin)
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_audit_log_lists_a_write_made_with_a_token(client, personas):
    secret = staff_token(personas.staff, "events:write", name="Site web")
    # No write endpoint takes events yet: the attempt is still a write, and recorded.
    response = client.delete("/api/v1/events/", **bearer(secret))
    assert response.status_code == 405
    entry = ApiAuditEntry.objects.get()
    assert (entry.method, entry.status, entry.actor) == ("DELETE", 405, personas.staff)
    client.force_login(personas.staff)
    page = client.get(reverse("api_tokens:staff_audit"), {"method": "DELETE"})
    assert b"DELETE /api/v1/events/" in page.content
    assert b"Site web" in page.content
    assert (
        client.get(reverse("api_tokens:staff_audit"), {"method": "POST"})
        .context["page"]
        .paginator.count
        == 0
    )
    export = client.get(reverse("api_tokens:staff_audit"), {"export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert "DELETE" in export.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_the_audit_log_costs_fixed_queries(client, personas, django_assert_num_queries, count):
    secret = staff_token(personas.staff, "events:write")
    for _number in range(count):
        client.post("/api/v1/events/", **bearer(secret))
    client.force_login(personas.staff)
    # Session and user; the count; the header's "is a member" check; the page with tokens,
    # organizations and people; the filter's list of tokens.
    with django_assert_num_queries(6):
        response = client.get(reverse("api_tokens:staff_audit"))
    assert len(response.context["page"].object_list) == count


def test_the_purge_drops_old_entries_and_long_dead_tokens(personas, settings):
    settings.API_AUDIT_RETENTION_DAYS = 30
    staff_token(personas.staff, "events:write", name="Vieux")
    staff_token(personas.staff, "events:write", name="Récent")
    old, recent = ApiToken.objects.get(name="Vieux"), ApiToken.objects.get(name="Récent")
    long_ago = timezone.now() - datetime.timedelta(days=31)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=long_ago)
    for token in (old, recent):
        ApiAuditEntry.objects.create(token=token, method="POST", path="/api/v1/x", status=201)
    ApiAuditEntry.objects.filter(token=old).update(at=long_ago)
    ApiAuditEntry.objects.create(token=recent, method="POST", path="/api/v1/y", status=201)
    ApiAuditEntry.objects.filter(path="/api/v1/y").update(at=long_ago)
    assert api_audit_purge() == (2, 1)
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Récent"]
    assert list(ApiAuditEntry.objects.values_list("path", flat=True)) == ["/api/v1/x"]


def test_erasure_detaches_the_person_and_their_tokens_stop(client, personas):
    from core.personal_data import declarations

    secret = organization_token(personas.member_admin, personas.org_a)
    client.post("/api/v1/events/", **bearer(secret))
    assert ApiAuditEntry.objects.get().actor == personas.member_admin
    person = type("Person", (), {"user": personas.member_admin})()
    for declaration in declarations():
        if declaration.model in (ApiToken, ApiAuditEntry):
            assert declaration.export(person)
            declaration.erase(person)
    entry = ApiAuditEntry.objects.get()
    assert entry.actor is None and entry.path == "/api/v1/events/"
    assert ApiToken.objects.get().created_by is None
    assert client.get("/api/v1/events/", **bearer(secret)).status_code == 401
