"""The `webhooks` resource: staff's endpoints, their delivery log and the event types, read
with webhooks:read, changed with webhooks:write, never reached by another scope nor by an
organization's token; the signing secret in the creation's answer only."""

import json

import pytest

from api import permissions
from api.models import ApiAuditEntry, ApiToken
from api.tests.helpers import bearer, organization_token, staff_token
from core.domain_events import EVENT_TYPES
from core.models import OutboxTask
from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from webhooks.tests.factories import endpoint_listening

PROBLEM = "application/problem+json"
RECEIVER = "http://127.0.0.1:9/hooks"


def _json(response, status: int = 200):
    assert response.status_code == status, response.content
    return json.loads(response.content)


def _problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["type"].endswith(f"#{slug}")
    return body


def _send(client, method: str, url: str, secret: str, body=None):
    return getattr(client, method)(
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        **bearer(secret),
    )


@pytest.fixture
def private_hosts(settings):
    # The receivers of these tests are on this machine.
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def tokens(personas):
    """One secret per kind of caller."""
    return {
        "read": staff_token(personas.staff, "webhooks:read"),
        "write": staff_token(personas.staff, "webhooks:write"),
        "other": staff_token(personas.staff, "events:write", "organizations:write"),
        "organization": organization_token(personas.member_admin, personas.org_a),
    }


def _log(endpoint, count: int) -> list[WebhookMessage]:
    made = []
    for index in range(count):
        message = WebhookMessage.objects.create(
            endpoint=endpoint,
            event_type="dues.paid" if index % 2 else "registration.confirmed",
            payload={"type": "dues.paid", "data": {}},
            state=WebhookMessage.State.DELIVERED if index % 3 else WebhookMessage.State.FAILED,
        )
        WebhookAttempt.objects.create(message=message, status_code=500, duration_ms=20)
        WebhookAttempt.objects.create(message=message, status_code=200, duration_ms=12)
        made.append(message)
    return made


def test_the_event_types_are_described_in_both_languages(client, tokens):
    body = _json(client.get("/api/v1/webhooks/event-types", **bearer(tokens["read"])))
    assert [item["name"] for item in body] == list(EVENT_TYPES)
    paid = next(item for item in body if item["name"] == "dues.paid")
    assert paid["description"]["en"] == "Dues were recorded as paid."
    assert paid["description"]["fr"] and paid["description"]["fr"] != paid["description"]["en"]
    _problem(
        client.get("/api/v1/webhooks/event-types", **bearer(tokens["other"])),
        403,
        "insufficient-scope",
    )
    _problem(
        client.get("/api/v1/webhooks/event-types", **bearer(tokens["organization"])),
        403,
        "insufficient-scope",
    )
    _problem(client.get("/api/v1/webhooks/event-types"), 401, "unauthenticated")


def test_reads_need_webhooks_read_and_show_no_secret(client, tokens):
    endpoint = endpoint_listening("dues.paid", url="https://compta.example.org/in")
    _log(endpoint, 3)
    for kind in ("read", "write"):
        listed = client.get("/api/v1/webhooks/", **bearer(tokens[kind]))
        one = client.get(f"/api/v1/webhooks/{endpoint.pk}", **bearer(tokens[kind]))
        assert endpoint.secret not in listed.content.decode() + one.content.decode()
        item = _json(listed)["items"][0]
        assert item == _json(one)
        assert item["url"] == "https://compta.example.org/in"
        assert item["event_types"] == ["dues.paid"]
        assert item["secret_hint"] == endpoint.secret_masked
        assert item["messages"] == {"delivered": 2, "failed": 1, "pending": 0}
        assert "secret" not in item
    for kind in ("other", "organization"):
        for url in ("/api/v1/webhooks/", f"/api/v1/webhooks/{endpoint.pk}"):
            _problem(client.get(url, **bearer(tokens[kind])), 403, "insufficient-scope")
    _problem(client.get("/api/v1/webhooks/999999", **bearer(tokens["read"])), 404, "not-found")


def test_an_organizations_token_reaches_no_webhook_whatever_its_scopes(personas, tokens):
    endpoint_listening("dues.paid")
    token = ApiToken.objects.get(organization=personas.org_a)
    # Were its scopes ever widened, the base querysets would still be empty for it.
    token.scopes = ["webhooks:write"]
    assert not permissions.webhook_endpoints_for(token).exists()
    assert not permissions.webhook_messages_for(token).exists()
    assert not permissions.webhook_endpoint_creatable(token)
    staff = ApiToken.objects.get(prefix=tokens["read"].split("_", 2)[1])
    assert permissions.webhook_endpoints_for(staff).count() == 1


def test_create_answers_the_secret_once(client, personas, tokens, private_hosts):
    body = {"url": RECEIVER, "purpose": "Outil compta", "event_types": ["dues.paid"]}
    created = _json(_send(client, "post", "/api/v1/webhooks/", tokens["write"], body), 201)
    endpoint = WebhookEndpoint.objects.get()
    assert created["secret"] == endpoint.secret and endpoint.secret.startswith("whsec_")
    assert created["id"] == endpoint.pk and endpoint.enabled
    assert endpoint.created_by == personas.staff
    assert endpoint.event_types == ["dues.paid"] and endpoint.purpose == "Outil compta"
    again = client.get(f"/api/v1/webhooks/{endpoint.pk}", **bearer(tokens["write"]))
    assert endpoint.secret not in again.content.decode()
    audit = ApiAuditEntry.objects.get(method="POST")
    assert audit.resource == "webhooks" and audit.object_id == str(endpoint.pk)
    # The receiver's site only: an address's path may itself be a secret.
    assert audit.status == 201 and audit.change == "Endpoint created: http://127.0.0.1:9"
    assert endpoint.secret not in audit.change


@pytest.mark.parametrize("kind", ["read", "other", "organization"])
def test_create_needs_webhooks_write(client, tokens, kind, private_hosts):
    body = {"url": RECEIVER, "event_types": ["dues.paid"]}
    response = _send(client, "post", "/api/v1/webhooks/", tokens[kind], body)
    _problem(response, 403, "insufficient-scope")
    assert not WebhookEndpoint.objects.exists()


def test_a_private_address_is_refused_at_its_field(client, tokens, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    body = {"url": "http://127.0.0.1:8000/hooks", "event_types": ["dues.paid"]}
    problem = _problem(
        _send(client, "post", "/api/v1/webhooks/", tokens["write"], body), 422, "validation-error"
    )
    assert [error["location"] for error in problem["errors"]] == [["body", "payload", "url"]]
    assert problem["errors"][0]["type"] == "url_refused"
    assert not WebhookEndpoint.objects.exists()
    # The same rule when the address changes.
    endpoint = endpoint_listening("dues.paid", url="https://compta.example.org/in")
    response = _send(
        client, "patch", f"/api/v1/webhooks/{endpoint.pk}", tokens["write"], {"url": body["url"]}
    )
    assert _problem(response, 422, "validation-error")["errors"][0]["location"][-1] == "url"
    endpoint.refresh_from_db()
    assert endpoint.url == "https://compta.example.org/in"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "not an address", "event_types": ["dues.paid"]}, "url"),
        ({"url": "ftp://127.0.0.1/x", "event_types": ["dues.paid"]}, "url"),
        ({"url": RECEIVER, "event_types": ["dues.unknown"]}, "event_types"),
        ({"url": RECEIVER, "event_types": []}, "event_types"),
        ({"url": RECEIVER}, "event_types"),
        ({"url": RECEIVER, "event_types": ["dues.paid"], "secret": "whsec_mine"}, "secret"),
        ({"url": RECEIVER, "event_types": ["dues.paid"], "purpose": "x" * 201}, "purpose"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, tokens, private_hosts, body, field):
    problem = _problem(
        _send(client, "post", "/api/v1/webhooks/", tokens["write"], body), 422, "validation-error"
    )
    assert field in problem["errors"][0]["location"]
    assert not WebhookEndpoint.objects.exists()


def test_patch_changes_what_is_given_and_enables_or_disables(client, tokens, private_hosts):
    endpoint = endpoint_listening("dues.paid", url="https://compta.example.org/in")
    url = f"/api/v1/webhooks/{endpoint.pk}"
    body = {"event_types": ["registration.confirmed", "dues.paid"], "purpose": "CRM"}
    changed = _json(_send(client, "patch", url, tokens["write"], body))
    assert changed["event_types"] == ["dues.paid", "registration.confirmed"]
    assert changed["purpose"] == "CRM" and changed["url"] == "https://compta.example.org/in"
    assert "secret" not in changed

    disabled = _json(_send(client, "patch", url, tokens["write"], {"enabled": False}))
    endpoint.refresh_from_db()
    assert disabled["enabled"] is False and not endpoint.enabled
    assert "Script" in endpoint.disabled_reason and disabled["disabled_at"]
    enabled = _json(
        _send(client, "patch", url, tokens["write"], {"enabled": True, "url": RECEIVER})
    )
    endpoint.refresh_from_db()
    assert enabled["enabled"] is True and endpoint.enabled and endpoint.url == RECEIVER
    summaries = list(
        ApiAuditEntry.objects.filter(method="PATCH").order_by("pk").values_list("change", flat=True)
    )
    assert summaries == [
        "Endpoint changed: event_types, purpose",
        "Endpoint changed: disabled",
        "Endpoint changed: url, enabled",
    ]
    for kind in ("read", "other", "organization"):
        _problem(
            _send(client, "patch", url, tokens[kind], {"purpose": "x"}), 403, "insufficient-scope"
        )
    endpoint.refresh_from_db()
    assert endpoint.purpose == "CRM"


def test_delete_needs_webhooks_write(client, tokens):
    endpoint = endpoint_listening("dues.paid")
    _log(endpoint, 2)
    url = f"/api/v1/webhooks/{endpoint.pk}"
    for kind in ("read", "other", "organization"):
        _problem(client.delete(url, **bearer(tokens[kind])), 403, "insufficient-scope")
    assert WebhookEndpoint.objects.exists()
    response = client.delete(url, **bearer(tokens["write"]))
    assert response.status_code == 204
    assert not WebhookEndpoint.objects.exists() and not WebhookMessage.objects.exists()
    assert ApiAuditEntry.objects.get(method="DELETE", status=204).object_id == str(endpoint.pk)
    _problem(client.delete(url, **bearer(tokens["write"])), 404, "not-found")


def test_the_delivery_log_filters_and_pages_with_the_attempts(client, tokens):
    endpoint = endpoint_listening("dues.paid", "registration.confirmed")
    made = _log(endpoint, 7)
    _log(endpoint_listening("dues.paid", url="https://other.example.org/"), 2)
    base = f"/api/v1/webhooks/{endpoint.pk}/messages/"
    seen, url = [], base + "?limit=3"
    while url:
        body = _json(client.get(url, **bearer(tokens["read"])))
        seen += body["items"]
        url = body["next"]
    assert [item["id"] for item in seen] == [m.message_id for m in reversed(made)]
    assert [a["status_code"] for a in seen[0]["attempts"]] == [500, 200]
    assert "payload" not in seen[0]

    failed = _json(client.get(base + "?state=failed", **bearer(tokens["read"])))["items"]
    assert {item["id"] for item in failed} == {
        m.message_id for m in made if m.state == WebhookMessage.State.FAILED
    }
    paid = _json(client.get(base + "?event_type=dues.paid", **bearer(tokens["read"])))["items"]
    assert {item["event_type"] for item in paid} == {"dues.paid"} and len(paid) == 3
    _problem(client.get(base + "?state=lost", **bearer(tokens["read"])), 422, "validation-error")
    _problem(
        client.get(base + "?event_type=nope", **bearer(tokens["read"])), 422, "validation-error"
    )
    for kind in ("other", "organization"):
        _problem(client.get(base, **bearer(tokens[kind])), 403, "insufficient-scope")


def test_resend_queues_a_manual_try_with_the_same_id(client, tokens):
    endpoint = endpoint_listening("dues.paid")
    message = _log(endpoint, 1)[0]
    other = _log(endpoint_listening("dues.paid", url="https://other.example.org/"), 1)[0]
    url = f"/api/v1/webhooks/{endpoint.pk}/messages/{message.message_id}/resend"
    for kind in ("read", "other", "organization"):
        _problem(_send(client, "post", url, tokens[kind]), 403, "insufficient-scope")
    assert not OutboxTask.objects.exists()
    body = _json(_send(client, "post", url, tokens["write"]), 202)
    assert body["id"] == message.message_id
    queued = OutboxTask.objects.get()
    assert queued.task_name == "webhooks.tasks.webhook_message_resend"
    assert queued.args == [message.pk]
    assert ApiAuditEntry.objects.get(status=202).object_id == message.message_id
    # A message is reached through its own endpoint only.
    wrong = f"/api/v1/webhooks/{endpoint.pk}/messages/{other.message_id}/resend"
    _problem(_send(client, "post", wrong, tokens["write"]), 404, "not-found")
    assert OutboxTask.objects.count() == 1


@pytest.mark.parametrize("count", [2, 12])
def test_the_endpoint_list_has_a_fixed_query_count(
    client, tokens, django_assert_num_queries, count
):
    for index in range(count):
        _log(endpoint_listening("dues.paid", url=f"https://h{index}.example.org/"), 2)
    # the token, its maker's entitlement, the endpoints with their counts
    with django_assert_num_queries(3):
        response = client.get("/api/v1/webhooks/?limit=100", **bearer(tokens["read"]))
    assert len(_json(response)["items"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_delivery_log_has_a_fixed_query_count(client, tokens, django_assert_num_queries, count):
    endpoint = endpoint_listening("dues.paid", "registration.confirmed")
    _log(endpoint, count)
    # the token, its maker's entitlement, the endpoint, the page, its attempts
    with django_assert_num_queries(5):
        response = client.get(
            f"/api/v1/webhooks/{endpoint.pk}/messages/?limit=100", **bearer(tokens["read"])
        )
    items = _json(response)["items"]
    assert len(items) == count and all(len(item["attempts"]) == 2 for item in items)
