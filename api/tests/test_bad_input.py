"""Bad input answers a problem with the right status, never a 500, and changes nothing:
an unreadable body, an unknown field, a wrong type, a page too large, a refused token, a
missing scope, a body too large, a body that is not JSON. And the end-to-end case: a
script with an events:read token, over real HTTP."""

import base64
import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services.tokens import token_revoke
from api.tests.helpers import api_world, bearer, staff_token
from communications.models import Subscriber

PROBLEM = "application/problem+json"


@pytest.fixture
def write_token(personas):
    return staff_token(personas.staff, "subscribers:write")


def _post(client, secret, body: bytes | str, content_type="application/json"):
    return client.post(
        "/api/v1/subscribers/", data=body, content_type=content_type, **bearer(secret)
    )


def _problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["type"].endswith(f"#{slug}")
    return body


def test_a_malformed_json_body_is_a_400(client, write_token):
    _problem(_post(client, write_token, '{"email": "a@b.test",'), 400, "malformed-body")
    assert not Subscriber.objects.exists()


def test_an_unknown_field_is_a_422_at_its_place(client, write_token):
    body = _problem(
        _post(client, write_token, json.dumps({"email": "a@b.test", "emial": "x"})),
        422,
        "validation-error",
    )
    assert [error["location"][-1] for error in body["errors"]] == ["emial"]
    assert not Subscriber.objects.exists()


def test_a_wrong_type_is_a_422_at_its_place(client, write_token):
    body = _problem(
        _post(client, write_token, json.dumps({"email": ["a@b.test"]})), 422, "validation-error"
    )
    assert body["errors"][0]["location"][-1] == "email"


def test_a_page_too_large_is_a_422(client, personas):
    secret = staff_token(personas.staff, "subscribers:read")
    response = client.get("/api/v1/subscribers/?limit=101", **bearer(secret))
    body = _problem(response, 422, "validation-error")
    assert body["errors"][0]["location"][-1] == "limit"


def test_expired_and_revoked_tokens_are_a_401(client, personas):
    expired = staff_token(personas.staff, "subscribers:read")
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _problem(client.get("/api/v1/subscribers/", **bearer(expired)), 401, "token-refused")
    revoked = staff_token(personas.staff, "subscribers:read")
    token_revoke(token=ApiToken.objects.get(prefix=revoked.split("_")[1]), by=personas.staff)
    _problem(client.get("/api/v1/subscribers/", **bearer(revoked)), 401, "token-refused")


def test_a_missing_scope_is_a_403(client, personas):
    reader = staff_token(personas.staff, "subscribers:read")
    _problem(_post(client, reader, json.dumps({"email": "a@b.test"})), 403, "insufficient-scope")
    assert not Subscriber.objects.exists()


def test_a_body_too_large_is_a_413(client, write_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"email": "a@b.test", "first_name": "x" * 2000})
    _problem(_post(client, write_token, body), 413, "payload-too-large")
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_a_415(client, write_token, content_type):
    body = json.dumps({"email": "a@b.test"})
    _problem(_post(client, write_token, body, content_type), 415, "unsupported-media-type")
    assert not Subscriber.objects.exists()


def test_a_json_body_with_a_charset_is_read(client, write_token):
    response = _post(
        client, write_token, json.dumps({"email": "a@b.test"}), "application/json; charset=utf-8"
    )
    assert response.status_code == 201, response.content


def _fetch(url: str, secret: str) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local server)
            return response.status, response.headers["Content-Type"], json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], json.loads(error.read())


def test_a_script_with_an_events_read_token_lists_registrations_not_contacts(
    live_server, transactional_db, personas
):
    world = api_world(personas)
    secret = staff_token(personas.staff, "events:read")
    status, content_type, body = _fetch(f"{live_server.url}/api/v1/registrations/", secret)
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert {item["id"] for item in body["items"]} == {
        world.registration_a.pk,
        world.registration_b.pk,
    }
    status, content_type, body = _fetch(f"{live_server.url}/api/v1/contacts/", secret)
    assert (status, content_type) == (403, PROBLEM)
    assert body["type"].endswith("#insufficient-scope")
    assert "contacts:read" in body["detail"]


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/api/v1/organizations/", ["Alpha", "not-a-key"]),
        ("/api/v1/events/", [5, 1]),
        ("/api/v1/memberships/", ["not-a-date", 1]),
        ("/api/v1/directory/", ["Alpha", "b"]),
    ],
)
def test_a_cursor_edited_to_hold_a_value_of_the_wrong_type_is_a_400(client, personas, path, values):
    secret = staff_token(personas.staff, "organizations:read", "events:read", "memberships:read")
    response = client.get(f"{path}?cursor={_cursor(values)}", **bearer(secret))
    _problem(response, 400, "invalid-cursor")


def test_a_cursor_keeps_working_for_its_own_values(client, personas):
    api_world(personas)
    secret = staff_token(personas.staff, "events:read")
    first = json.loads(client.get("/api/v1/events/?limit=1", **bearer(secret)).content)
    second = client.get(first["next"], **bearer(secret))
    assert second.status_code == 200
    assert json.loads(second.content)["items"][0]["slug"] != first["items"][0]["slug"]


@pytest.mark.parametrize("name", ["Élodie\x00", "Élodie\x07", "\x1b[31mÉlodie"])
def test_a_control_character_in_a_json_body_is_a_400_and_saves_nothing(client, personas, name):
    from members.models import Contact

    secret = staff_token(personas.staff, "contacts:write")
    before = Contact.objects.count()
    response = client.post(
        "/api/v1/contacts/",
        data=json.dumps({"first_name": name, "last_name": "Garnier"}),
        content_type="application/json",
        **bearer(secret),
    )
    _problem(response, 400, "bad-request")
    assert Contact.objects.count() == before


def test_a_line_break_in_a_json_body_is_still_accepted(client, personas):
    secret = staff_token(personas.staff, "contacts:write")
    response = client.post(
        "/api/v1/contacts/",
        data=json.dumps({"first_name": "Élodie", "last_name": "Garnier", "job_title": "A\r\nB"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1999-05"])
def test_a_month_outside_the_calendars_years_is_a_422(client, db, month):
    response = client.get(f"/api/v1/public/events/?month={month}")
    body = _problem(response, 422, "validation-error")
    assert body["errors"][0]["location"][-1] == "month"
