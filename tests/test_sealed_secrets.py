"""Secrets the portal reads back are sealed in the database (core.sealing): a webhook
endpoint's signing secret, a second factor's TOTP key and recovery-code seed. Read through
the raw table, as a dump would, none of them shows; the portal still signs, and a person
still signs in with the second factor; `reseal_secrets` carries them over a new
SECRET_KEY; the migrations seal what was stored before."""

import base64
import hashlib
import hmac
import io
import json
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import sealing
from core.tests.factories import TEST_PASSWORD, UserFactory
from events.services import registrations
from events.tests.factories import EventFactory
from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from webhooks.services import delivery
from webhooks.tests.factories import endpoint_listening
from webhooks.views.staff import SECRET_SESSION_KEY

KEY_A = "first-secret-key-for-sealing-tests-0123456789abcdef"
KEY_B = "second-secret-key-for-sealing-tests-0123456789abcdef"
# Before the migrations that seal: the secrets were stored as they are.
BEFORE = [
    ("core", "0008_search_text"),
    ("webhooks", "0001_webhook_endpoints_and_deliveries"),
    ("mfa", "0003_authenticator_type_uniq"),
]


def _raw(table: str, column: str, pk: int):
    """The column as stored, as a dump would show it (a JSON column decoded)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        value = cursor.fetchone()[0]
    return json.loads(value) if column == "data" else value


def _totp_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238: 30 s steps, HMAC-SHA1, 6 digits)."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


def _second_factor_made(user) -> tuple[str, list[str]]:
    """A TOTP key and recovery codes set up for `user` through allauth: (key, codes)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret, RecoveryCodes.activate(user).generate_codes()


def _second_factor_works(user, secret: str, codes: list[str]) -> None:
    assert TOTP(Authenticator.objects.get(user=user, type="totp")).validate_code(_totp_code(secret))
    recovery = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    assert recovery.generate_codes() == codes


def _reseal() -> None:
    call_command("reseal_secrets", stdout=io.StringIO())


@pytest.fixture
def key_a(settings):
    settings.SECRET_KEY = KEY_A
    settings.SECRET_KEY_FALLBACKS = []
    return settings


@pytest.mark.django_db
def test_a_webhook_secret_is_sealed_in_the_table_and_open_to_the_portal(key_a):
    endpoint = endpoint_listening("dues.paid")
    secret = endpoint.secret
    assert secret.startswith("whsec_")
    stored = _raw("webhooks_webhookendpoint", "secret", endpoint.pk)
    assert sealing.is_sealed(stored) and secret not in stored
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret


@pytest.mark.django_db
def test_a_second_factor_is_sealed_in_the_table_and_still_signs_in(key_a):
    user = UserFactory()
    secret, codes = _second_factor_made(user)
    for authenticator in Authenticator.objects.filter(user=user):
        stored = _raw("mfa_authenticator", "data", authenticator.pk)
        assert secret not in str(stored)
        assert all(sealing.is_sealed(stored[name]) for name in ("secret", "seed") if name in stored)
    _second_factor_works(user, secret, codes)


@pytest.mark.django_db
def test_resealing_carries_every_secret_over_a_new_secret_key(key_a):
    endpoint = endpoint_listening("dues.paid")
    user = UserFactory()
    secret, codes = _second_factor_made(user)

    key_a.SECRET_KEY = KEY_B
    key_a.SECRET_KEY_FALLBACKS = [KEY_A]
    _reseal()
    key_a.SECRET_KEY_FALLBACKS = []

    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == endpoint.secret
    _second_factor_works(user, secret, codes)


@pytest.mark.django_db
def test_a_secret_that_starts_like_a_sealed_one_is_still_sealed(key_a):
    endpoint = endpoint_listening("dues.paid")
    endpoint.secret = "sealed:not-really"
    endpoint.save(update_fields=["secret"])
    assert _raw("webhooks_webhookendpoint", "secret", endpoint.pk) != "sealed:not-really"
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == "sealed:not-really"


@pytest.mark.django_db
def test_a_secret_no_key_opens_fails_its_own_deliveries_and_nothing_else(
    key_a, personas, client_for
):
    """Its key dropped too early, a backup restored under another: the facts are still
    recorded, the pages still open, and the delivery log says why nothing was sent."""
    lost = endpoint_listening("registration.confirmed", url="https://lost.example.org/in")
    key_a.SECRET_KEY = KEY_B

    registrations.registration_create(event=EventFactory(), contact=personas.member_contact.contact)
    message = WebhookMessage.objects.get(endpoint=lost)
    attempt = delivery.message_deliver(message_pk=message.pk)
    assert attempt.status_code is None
    assert "illisible" in attempt.error  # in the worker's language, French
    assert WebhookAttempt.objects.filter(message=message).count() == 1

    staff = client_for("staff")
    assert staff.get("/en/staff/webhooks/").status_code == 200
    page = staff.get(f"/en/staff/webhooks/{lost.pk}/")
    assert page.status_code == 200
    assert "cannot be opened" in page.content.decode()


@pytest.mark.django_db
def test_a_new_webhook_secret_waits_in_the_session_sealed(key_a, client_for, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    client = client_for("staff")
    client.post(
        "/en/staff/webhooks/new/",
        {"url": "http://127.0.0.1:9/hooks", "purpose": "", "event_types": ["dues.paid"]},
    )
    endpoint = WebhookEndpoint.objects.get()
    kept = client.session[SECRET_SESSION_KEY]["secret"]
    assert sealing.is_sealed(kept) and endpoint.secret not in kept
    page = client.get(f"/en/staff/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret in page  # shown once, opened
    assert SECRET_SESSION_KEY not in client.session


@pytest.mark.django_db
def test_a_second_factor_no_key_opens_is_refused_like_a_wrong_code_not_a_500(key_a, client):
    secret, codes = _second_factor_made(UserFactory(email="lea@example.org"))
    key_a.SECRET_KEY = KEY_B

    client.post("/en/accounts/login/", {"login": "lea@example.org", "password": TEST_PASSWORD})
    answer = client.post("/en/accounts/2fa/authenticate/", {"code": _totp_code(secret)})
    assert answer.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    answer = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert answer.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_second_factor_written_unsealed_during_a_rolling_deploy_still_works(key_a):
    user = UserFactory()
    secret = generate_totp_secret()
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    assert TOTP(authenticator).validate_code(_totp_code(secret))
    _reseal()
    assert sealing.is_sealed(_raw("mfa_authenticator", "data", authenticator.pk)["secret"])


@pytest.mark.django_db
def test_resealing_names_the_row_no_key_opens(key_a):
    endpoint = endpoint_listening("dues.paid")
    key_a.SECRET_KEY = KEY_B
    with pytest.raises(CommandError, match=f"webhooks.WebhookEndpoint {endpoint.pk}"):
        _reseal()


def test_no_model_keeps_a_secret_readable():
    """A field named for a secret is sealed, or keeps only a hash (what the portal compares
    and never needs to read back)."""
    readable = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if "secret" in field.name
        and not isinstance(field, sealing.SealedTextField)
        and not field.name.endswith("_hash")
    ]
    assert readable == []


@pytest.mark.django_db(transaction=True)
def test_the_migrations_seal_what_was_stored_before(key_a):
    MigrationExecutor(connection).migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    try:
        endpoint = old.get_model("webhooks", "WebhookEndpoint").objects.create(
            url="https://hooks.example.org/in", event_types=["dues.paid"], secret="whsec_old"
        )
        user = UserFactory()
        totp_secret = generate_totp_secret()
        OldAuthenticator = old.get_model("mfa", "Authenticator")
        totp = OldAuthenticator.objects.create(
            user_id=user.pk, type="totp", data={"secret": totp_secret}
        )
        recovery = OldAuthenticator.objects.create(
            user_id=user.pk,
            type="recovery_codes",
            data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert sealing.is_sealed(_raw("webhooks_webhookendpoint", "secret", endpoint.pk))
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == "whsec_old"
    stored = _raw("mfa_authenticator", "data", totp.pk)
    assert sealing.is_sealed(stored["secret"])
    assert TOTP(Authenticator.objects.get(pk=totp.pk)).validate_code(_totp_code(totp_secret))
    stored = _raw("mfa_authenticator", "data", recovery.pk)
    assert sealing.is_sealed(stored["seed"]) and sealing.is_sealed(stored["migrated_codes"][0])
    assert RecoveryCodes(Authenticator.objects.get(pk=recovery.pk)).generate_codes() == ["12345678"]
