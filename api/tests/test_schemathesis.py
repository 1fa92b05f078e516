"""The API called for real, over HTTP, by schemathesis: every operation of the OpenAPI
document served by a live server, with values generated from the document itself.

Twice: with a staff token holding every scope, then with a member organization's
read-only token. Each answer must be no server error, have a status and a content type
the document lists for the operation, and a body matching the documented schema. The
organization's token must never be answered another organization's data."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.scopes import ALL_SCOPES
from api.tests.helpers import api_world, organization_token, staff_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Small and fixed: the whole run stays well under two minutes, and the same in CI.
EXAMPLES = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # Schemathesis 4.32 names each operation's subtest from the node's `_nodeid`, an
    # attribute pytest 9 no longer has: give it the node id it reads.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def world(live_server, transactional_db, personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    return api_world(personas)


@pytest.fixture
def api_schema(live_server, world):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    # Boundary and wrong-type values of every parameter, but not each path called with
    # every other HTTP method (the middleware's 405 is one piece of code, tested once).
    schema.config.phases.coverage.unexpected_methods = set()
    return schema


@pytest.fixture
def api_schema_generated(live_server, world):
    """Generated values only: what the organization's token is answered is the point."""
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.phases.coverage.enabled = False
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")
schema_generated = schemathesis.pytest.from_fixture("api_schema_generated")


@schema.parametrize()
@EXAMPLES
def test_every_operation_with_every_scope(case, personas, world):
    secret = staff_token(personas.staff, *ALL_SCOPES)
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)


def _nothing_of_another_organization(world):
    """A check: an answer to organization A's token names nothing of organization B."""
    forbidden = {
        world.org_b.slug,
        world.contact_b.email,
        world.registration_b.email,
    }

    def nothing_of_another_organization(ctx, response, case):
        if not 200 <= response.status_code < 300 or not response.content:
            return None
        text = response.content.decode()
        leaked = sorted(value for value in forbidden if value and value in text)
        body = json.loads(text) if text.startswith(("{", "[")) else {}
        items = body.get("items", [body]) if isinstance(body, dict) else []
        path = case.path
        for item in items:
            if not isinstance(item, dict):
                continue
            if path.startswith("/api/v1/contacts") and item.get("id") == world.contact_b.pk:
                leaked.append(f"contact {item['id']}")
            if path.startswith("/api/v1/memberships") and item.get("id") == world.membership_b.pk:
                leaked.append(f"membership {item['id']}")
            if (
                path.startswith("/api/v1/registrations")
                and item.get("id") == world.registration_b.pk
            ):
                leaked.append(f"registration {item['id']}")
        assert not leaked, f"another organization's data answered: {leaked}"
        return True

    return nothing_of_another_organization


@schema_generated.parametrize()
@EXAMPLES
def test_every_operation_with_an_organizations_read_only_token(case, personas, world):
    secret = organization_token(personas.member_admin, personas.org_a)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"},
        checks=[*CHECKS, _nothing_of_another_organization(world)],
    )


def test_the_leak_check_fails_on_another_organizations_data(personas):
    world = api_world(personas)
    check = _nothing_of_another_organization(world)

    class Answer:
        status_code = 200

        def __init__(self, body):
            self.content = json.dumps(body).encode()

    class Call:
        path = "/api/v1/contacts/"

    assert check(None, Answer({"items": [{"id": world.contact_a.pk}]}), Call()) is True
    with pytest.raises(AssertionError):
        check(None, Answer({"items": [{"id": world.contact_b.pk}]}), Call())
    with pytest.raises(AssertionError):
        check(None, Answer({"slug": world.org_b.slug}), Call())
