"""Every operation of the OpenAPI document × every kind of caller: no token, an expired
or revoked token, a token without the resource's scope, with its read scope, with its
write scope, and a member organization's own token (its own rows and another's).

The operations are read from the document itself: a new endpoint without an expectation
here fails `test_every_operation_has_an_expectation`, so none can be forgotten."""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.scopes import ALL_SCOPES, ORGANIZATION_RESOURCES
from api.services.tokens import token_revoke
from api.tests.helpers import api_world, bearer, organization_token, staff_token

PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Expectation:
    resource: str | None  # None: public, no token needed
    path: Callable  # world → the path of an object the organization A token may see
    other: Callable | None = None  # world → the path of one it may not (404)
    body: Callable | None = None  # world → the JSON body of a write
    success: int = 200
    checks: tuple = field(default=())


def _later(days: int, hours: int = 0) -> str:
    moment = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days, hours=hours)
    return moment.isoformat()


V1 = "/api/v1"
EXPECTATIONS = {
    ("get", "/api/v1/problems"): Expectation(None, lambda w: f"{V1}/problems"),
    ("get", "/api/v1/directory/"): Expectation(None, lambda w: f"{V1}/directory/"),
    ("get", "/api/v1/directory/{slug}"): Expectation(
        None, lambda w: f"{V1}/directory/{w.org_a.slug}"
    ),
    ("get", "/api/v1/partners/"): Expectation(None, lambda w: f"{V1}/partners/"),
    ("get", "/api/v1/public/events/"): Expectation(None, lambda w: f"{V1}/public/events/"),
    ("get", "/api/v1/public/events/{slug}"): Expectation(
        None, lambda w: f"{V1}/public/events/{w.public_event.slug}"
    ),
    ("get", "/api/v1/calls/"): Expectation(None, lambda w: f"{V1}/calls/"),
    ("get", "/api/v1/calls/{slug}"): Expectation(None, lambda w: f"{V1}/calls/{w.call.slug}"),
    ("get", "/api/v1/opportunities/"): Expectation(None, lambda w: f"{V1}/opportunities/"),
    ("get", "/api/v1/opportunities/{slug}"): Expectation(
        None, lambda w: f"{V1}/opportunities/{w.opportunity.slug}"
    ),
    ("get", "/api/v1/organizations/"): Expectation(
        "organizations", lambda w: f"{V1}/organizations/"
    ),
    ("get", "/api/v1/organizations/{slug}"): Expectation(
        "organizations",
        lambda w: f"{V1}/organizations/{w.org_a.slug}",
        other=lambda w: f"{V1}/organizations/{w.org_b.slug}",
    ),
    ("post", "/api/v1/organizations/"): Expectation(
        "organizations",
        lambda w: f"{V1}/organizations/",
        body=lambda w: {"name": "Gamma Conseil", "siren": "732 829 320"},
        success=201,
    ),
    ("patch", "/api/v1/organizations/{slug}"): Expectation(
        "organizations",
        lambda w: f"{V1}/organizations/{w.org_a.slug}",
        other=lambda w: f"{V1}/organizations/{w.org_b.slug}",
        body=lambda w: {"city": "Castres"},
    ),
    ("get", "/api/v1/contacts/"): Expectation("contacts", lambda w: f"{V1}/contacts/"),
    ("get", "/api/v1/contacts/{contact_id}"): Expectation(
        "contacts",
        lambda w: f"{V1}/contacts/{w.contact_a.pk}",
        other=lambda w: f"{V1}/contacts/{w.contact_b.pk}",
    ),
    ("post", "/api/v1/contacts/"): Expectation(
        "contacts",
        lambda w: f"{V1}/contacts/",
        body=lambda w: {"first_name": "Léa", "last_name": "Roux", "organization": w.org_a.slug},
        success=201,
    ),
    ("patch", "/api/v1/contacts/{contact_id}"): Expectation(
        "contacts",
        lambda w: f"{V1}/contacts/{w.contact_a.pk}",
        other=lambda w: f"{V1}/contacts/{w.contact_b.pk}",
        body=lambda w: {"job_title": "Directrice technique"},
    ),
    ("get", "/api/v1/memberships/"): Expectation("memberships", lambda w: f"{V1}/memberships/"),
    ("get", "/api/v1/memberships/{membership_id}"): Expectation(
        "memberships",
        lambda w: f"{V1}/memberships/{w.membership_a.pk}",
        other=lambda w: f"{V1}/memberships/{w.membership_b.pk}",
    ),
    ("post", "/api/v1/memberships/{membership_id}/payment"): Expectation(
        "memberships",
        lambda w: f"{V1}/memberships/{w.membership_a.pk}/payment",
        other=lambda w: f"{V1}/memberships/{w.membership_b.pk}/payment",
        body=lambda w: {"payment_method": "cheque"},
    ),
    ("get", "/api/v1/events/"): Expectation("events", lambda w: f"{V1}/events/"),
    ("get", "/api/v1/events/{slug}"): Expectation(
        "events",
        lambda w: f"{V1}/events/{w.event.slug}",
        other=lambda w: f"{V1}/events/{w.draft.slug}",
    ),
    ("post", "/api/v1/events/"): Expectation(
        "events",
        lambda w: f"{V1}/events/",
        body=lambda w: {
            "title_fr": "Atelier cybersécurité",
            "kind": "monthly_meeting",
            "starts_at": _later(20),
            "ends_at": _later(20, 2),
        },
        success=201,
    ),
    ("patch", "/api/v1/events/{slug}"): Expectation(
        "events",
        lambda w: f"{V1}/events/{w.event.slug}",
        other=lambda w: f"{V1}/events/{w.draft.slug}",
        body=lambda w: {"venue": "La Cantine, Toulouse"},
    ),
    ("get", "/api/v1/registrations/"): Expectation("events", lambda w: f"{V1}/registrations/"),
    ("get", "/api/v1/registrations/{registration_id}"): Expectation(
        "events",
        lambda w: f"{V1}/registrations/{w.registration_a.pk}",
        other=lambda w: f"{V1}/registrations/{w.registration_b.pk}",
    ),
    ("post", "/api/v1/registrations/{registration_id}/cancel"): Expectation(
        "events",
        lambda w: f"{V1}/registrations/{w.registration_a.pk}/cancel",
        other=lambda w: f"{V1}/registrations/{w.registration_b.pk}/cancel",
    ),
    ("get", "/api/v1/subscribers/"): Expectation("subscribers", lambda w: f"{V1}/subscribers/"),
    ("get", "/api/v1/subscribers/{subscriber_id}"): Expectation(
        "subscribers", lambda w: f"{V1}/subscribers/{w.subscriber.pk}"
    ),
    ("post", "/api/v1/subscribers/"): Expectation(
        "subscribers",
        lambda w: f"{V1}/subscribers/",
        body=lambda w: {"email": "nouvelle@exemple.test", "language": "fr"},
        success=201,
    ),
    ("delete", "/api/v1/subscribers/{subscriber_id}"): Expectation(
        "subscribers", lambda w: f"{V1}/subscribers/{w.subscriber.pk}", success=204
    ),
    ("get", "/api/v1/surveys/"): Expectation("surveys", lambda w: f"{V1}/surveys/"),
    ("get", "/api/v1/surveys/{slug}/results"): Expectation(
        "surveys", lambda w: f"{V1}/surveys/{w.survey.slug}/results"
    ),
    ("get", "/api/v1/webhooks/event-types"): Expectation(
        "webhooks", lambda w: f"{V1}/webhooks/event-types"
    ),
    ("get", "/api/v1/webhooks/"): Expectation("webhooks", lambda w: f"{V1}/webhooks/"),
    ("post", "/api/v1/webhooks/"): Expectation(
        "webhooks",
        lambda w: f"{V1}/webhooks/",
        body=lambda w: {
            "url": "http://127.0.0.1:9/compta",
            "purpose": "Comptabilité",
            "event_types": ["dues.paid"],
        },
        success=201,
    ),
    ("get", "/api/v1/webhooks/{endpoint_id}"): Expectation(
        "webhooks", lambda w: f"{V1}/webhooks/{w.endpoint.pk}"
    ),
    ("patch", "/api/v1/webhooks/{endpoint_id}"): Expectation(
        "webhooks",
        lambda w: f"{V1}/webhooks/{w.endpoint.pk}",
        body=lambda w: {"purpose": "Outil de comptabilité"},
    ),
    ("delete", "/api/v1/webhooks/{endpoint_id}"): Expectation(
        "webhooks", lambda w: f"{V1}/webhooks/{w.endpoint.pk}", success=204
    ),
    ("get", "/api/v1/webhooks/{endpoint_id}/messages/"): Expectation(
        "webhooks", lambda w: f"{V1}/webhooks/{w.endpoint.pk}/messages/"
    ),
    ("post", "/api/v1/webhooks/{endpoint_id}/messages/{message_id}/resend"): Expectation(
        "webhooks",
        lambda w: f"{V1}/webhooks/{w.endpoint.pk}/messages/{w.message.message_id}/resend",
        success=202,
    ),
}


@pytest.fixture(autouse=True)
def _receivers_on_this_machine(settings):
    # The webhook endpoints of these calls point at this machine.
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True


def _operations(client) -> set[tuple[str, str]]:
    document = json.loads(client.get("/api/v1/openapi.json").content)
    return {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_operation_has_an_expectation(client, db):
    operations = _operations(client)
    assert operations - set(EXPECTATIONS) == set(), "operations without an expectation"
    assert set(EXPECTATIONS) - operations == set(), "expectations of no operation"


def _call(client, method: str, path: str, secret: str | None, body=None):
    headers = bearer(secret) if secret else {}
    if method == "get":
        return client.get(path, **headers)
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", **headers
    )


def _assert_status(response, status: int, who: str):
    assert response.status_code == status, (who, response.status_code, response.content[:400])
    if status >= 400:
        assert response["Content-Type"] == PROBLEM, who
        assert json.loads(response.content)["status"] == status, who


@pytest.mark.parametrize("operation", sorted(EXPECTATIONS), ids=lambda o: f"{o[0]} {o[1]}")
def test_each_caller_gets_the_expected_answer(client, personas, operation):
    method, _template = operation
    expectation = EXPECTATIONS[operation]
    world = api_world(personas)
    path = expectation.path(world)
    body = expectation.body(world) if expectation.body else None
    write = method != "get"

    if expectation.resource is None:
        _assert_status(_call(client, method, path, None), 200, "anonymous on a public path")
        return

    resource = expectation.resource
    staff = personas.staff
    others = [s for s in ALL_SCOPES if not s.startswith(f"{resource}:")]
    expired = staff_token(staff, *ALL_SCOPES)
    ApiToken.objects.filter(prefix=expired.split("_")[1]).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    revoked_secret = staff_token(staff, *ALL_SCOPES)
    token_revoke(token=ApiToken.objects.get(prefix=revoked_secret.split("_")[1]), by=staff)

    _assert_status(_call(client, method, path, None, body), 401, "no token")
    _assert_status(_call(client, method, path, expired, body), 401, "expired token")
    _assert_status(_call(client, method, path, revoked_secret, body), 401, "revoked token")
    _assert_status(
        _call(client, method, path, staff_token(staff, *others), body), 403, "no scope for it"
    )

    organization = organization_token(personas.member_admin, personas.org_a)
    if resource not in ORGANIZATION_RESOURCES or write:
        _assert_status(_call(client, method, path, organization, body), 403, "organization")
    else:
        response = _call(client, method, path, organization)
        _assert_status(response, 200, "organization's own")
        assert personas.org_b.slug.encode() not in response.content
        if expectation.other is not None:
            other = _call(client, method, expectation.other(world), organization)
            _assert_status(other, 404, "organization, another's")

    read = staff_token(staff, f"{resource}:read")
    write_token = staff_token(staff, f"{resource}:write")
    if write:
        _assert_status(_call(client, method, path, read, body), 403, "read scope on a write")
        response = _call(client, method, path, write_token, body)
        _assert_status(response, expectation.success, "write scope")
        if expectation.success == 204:
            assert response.content == b""
        else:
            assert response["Content-Type"] == "application/json; charset=utf-8"
    else:
        for secret, who in ((read, "read scope"), (write_token, "write scope")):
            response = _call(client, method, path, secret)
            _assert_status(response, 200, who)
            assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_token_scoped_to_events_read_lists_registrations_but_not_contacts(client, personas):
    world = api_world(personas)
    secret = staff_token(personas.staff, "events:read")
    listed = client.get("/api/v1/registrations/", **bearer(secret))
    assert listed.status_code == 200
    ids = {item["id"] for item in json.loads(listed.content)["items"]}
    assert ids == {world.registration_a.pk, world.registration_b.pk}
    refused = client.get("/api/v1/contacts/", **bearer(secret))
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM
    assert "contacts:read" in json.loads(refused.content)["detail"]
