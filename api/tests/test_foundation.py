"""What every endpoint of the API gets from api.auth, api.pagination, api.middleware and
api.problems: scopes decided by the router, refused tokens, problem details for every kind
of error, cursor pagination, ETags."""

import datetime
import json

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from api.models import ApiToken
from api.services.tokens import token_revoke
from api.tests.helpers import bearer, organization_token, staff_token
from events.tests.factories import EventFactory, RegistrationFactory
from members.tests.factories import OrganizationFactory

PROBLEM = "application/problem+json"


def _problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["type"].endswith(f"/api/v1/problems#{slug}")
    assert body["title"]
    return body


def test_the_openapi_document_is_valid(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    assert "/api/v1/registrations/" in document["paths"]


def test_the_documentation_page_serves_its_own_assets(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()
    assert b"swagger-ui-bundle.js" in response.content


def test_a_token_scoped_to_events_read_lists_registrations_and_nothing_else(client, personas):
    registration = RegistrationFactory(organization=personas.org_a)
    secret = staff_token(personas.staff, "events:read")
    response = client.get("/api/v1/registrations/", **bearer(secret))
    assert response.status_code == 200
    assert [item["id"] for item in json.loads(response.content)["items"]] == [registration.pk]
    other = staff_token(personas.staff, "contacts:read")
    body = _problem(
        client.get("/api/v1/registrations/", **bearer(other)), 403, "insufficient-scope"
    )
    assert "events:read" in body["detail"]


def test_a_write_scope_includes_reading(client, personas):
    RegistrationFactory()
    secret = staff_token(personas.staff, "events:write")
    assert client.get("/api/v1/registrations/", **bearer(secret)).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer nonsense", "Bearer cpt_00000000_xyz", "Basic dXNlcjpwYXNz"],
)
def test_a_missing_or_unknown_token_is_a_401_problem(client, db, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/registrations/", **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_and_revoked_tokens_are_refused(client, personas):
    expired = staff_token(personas.staff, "events:read")
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    # The detail follows the request's language.
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    body = _problem(
        client.get("/api/v1/events/", **bearer(expired), **english), 401, "token-refused"
    )
    assert "expired" in body["detail"]
    french = _problem(client.get("/api/v1/events/", **bearer(expired)), 401, "token-refused")
    assert "expiré" in french["detail"]
    revoked = staff_token(personas.staff, "events:read")
    token_revoke(token=ApiToken.objects.get(prefix=revoked.split("_", 2)[1]), by=personas.staff)
    body = _problem(
        client.get("/api/v1/events/", **bearer(revoked), **english), 401, "token-refused"
    )
    assert "revoked" in body["detail"]


def test_a_token_dies_with_its_makers_staff_access(client, personas):
    secret = staff_token(personas.staff, "events:read")
    personas.staff.is_staff = False
    personas.staff.save()
    _problem(client.get("/api/v1/events/", **bearer(secret)), 401, "token-refused")


def test_only_the_hash_of_a_token_is_stored(personas):
    secret = staff_token(personas.staff, "events:read")
    token = ApiToken.objects.get()
    assert secret not in json.dumps(
        {field.name: str(getattr(token, field.attname)) for field in ApiToken._meta.fields}
    )
    assert secret.startswith(f"cpt_{token.prefix}_")


def test_an_organizations_token_reads_its_own_registrations_only(client, personas):
    own = RegistrationFactory(organization=personas.org_a)
    RegistrationFactory(organization=personas.org_b)
    secret = organization_token(personas.member_admin, personas.org_a)
    response = client.get("/api/v1/registrations/", **bearer(secret))
    assert [item["id"] for item in json.loads(response.content)["items"]] == [own.pk]


def test_an_organizations_token_stops_when_its_maker_is_no_longer_admin(client, personas):
    secret = organization_token(personas.member_admin, personas.org_a)
    personas.member_admin.contact.affiliations.update(access="contact")
    _problem(client.get("/api/v1/registrations/", **bearer(secret)), 401, "token-refused")


def test_pages_follow_the_cursor_to_the_end_without_repeats(client, personas):
    event = EventFactory()
    made = [RegistrationFactory(event=event).pk for _ in range(7)]
    secret = staff_token(personas.staff, "events:read")
    seen, url = [], "/api/v1/registrations/?limit=3"
    while url:
        body = json.loads(client.get(url, **bearer(secret)).content)
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
    assert seen == made


def test_keyset_pages_on_a_datetime_ordering(client, personas):
    start = timezone.now()
    made = [
        EventFactory(
            starts_at=start + datetime.timedelta(days=n % 3),
            ends_at=start + datetime.timedelta(days=4),
        ).slug
        for n in range(7)
    ]
    secret = staff_token(personas.staff, "events:read")
    seen, url = [], "/api/v1/events/?limit=2"
    while url:
        body = json.loads(client.get(url, **bearer(secret)).content)
        seen += [item["slug"] for item in body["items"]]
        url = body["next"]
    assert sorted(seen) == sorted(made) and len(seen) == 7


def test_bad_input_is_a_problem_with_the_right_status(client, personas):
    secret = staff_token(personas.staff, "events:read")
    body = _problem(
        client.get("/api/v1/events/?limit=1000", **bearer(secret)), 422, "validation-error"
    )
    assert body["errors"][0]["location"] == ["query", "limit"]
    _problem(client.get("/api/v1/events/?limit=abc", **bearer(secret)), 422, "validation-error")
    _problem(client.get("/api/v1/events/?cursor=%%%", **bearer(secret)), 400, "invalid-cursor")
    _problem(
        client.get("/api/v1/registrations/?status=bogus", **bearer(secret)), 422, "validation-error"
    )
    _problem(client.get("/api/v1/no-such-thing/"), 404, "not-found")
    _problem(client.get("/api/v1/events/no-such-event", **bearer(secret)), 404, "not-found")
    _problem(client.delete("/api/v1/events/", **bearer(secret)), 405, "method-not-allowed")


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client, personas):
    RegistrationFactory()
    secret = staff_token(personas.staff, "events:read")
    first = client.get("/api/v1/registrations/", **bearer(secret))
    assert first["ETag"] and "private" in first["Cache-Control"]
    again = client.get("/api/v1/registrations/", HTTP_IF_NONE_MATCH=first["ETag"], **bearer(secret))
    assert again.status_code == 304
    RegistrationFactory()
    changed = client.get(
        "/api/v1/registrations/", HTTP_IF_NONE_MATCH=first["ETag"], **bearer(secret)
    )
    assert changed.status_code == 200


def test_the_rate_limit_answers_429_with_retry_after(client, personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    secret = staff_token(personas.staff, "events:read")
    for _ in range(3):
        assert client.get("/api/v1/events/", **bearer(secret)).status_code == 200
    response = client.get("/api/v1/events/", **bearer(secret))
    _problem(response, 429, "rate-limited")
    assert response["Retry-After"] == "60"


def test_the_public_directory_shows_only_public_fields(client, db):
    hidden = OrganizationFactory(
        name="Cachée",
        directory_consent_at=timezone.now(),
        website="https://cachee.example",
        phone="0102030405",
        visibility={"website": "members"},
    )
    OrganizationFactory(name="Non listée")
    body = json.loads(client.get("/api/v1/directory/").content)
    assert [item["slug"] for item in body["items"]] == [hidden.slug]
    assert body["items"][0]["website"] is None
    assert "phone" not in body["items"][0]
    assert client.get("/api/v1/directory/entreprise-does-not-exist").status_code == 404
