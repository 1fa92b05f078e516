"""The back-office pages: the secret shown once, a private address refused next to the
field, the delivery log filtered with a fixed number of queries."""

import pytest
from django.urls import reverse

from webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from webhooks.tests.factories import endpoint_listening

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, personas):
    client.force_login(personas.staff)
    return client


def test_the_secret_is_shown_once_then_masked(staff_client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    response = staff_client.post(
        reverse("webhooks:staff_endpoint_create"),
        {"url": "https://127.0.0.1/hooks", "purpose": "Compta", "event_types": ["dues.paid"]},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    first = staff_client.get(response.url)
    assert endpoint.secret in first.content.decode()
    again = staff_client.get(response.url).content.decode()
    assert endpoint.secret not in again and endpoint.secret[-4:] in again
    staff_client.post(reverse("webhooks:staff_endpoint_rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret in staff_client.get(response.url).content.decode()


def test_a_private_address_is_refused_next_to_the_field(staff_client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    response = staff_client.post(
        reverse("webhooks:staff_endpoint_create"),
        {"url": "http://127.0.0.1:8000/hooks", "event_types": ["dues.paid"]},
    )
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def _log(endpoint, count):
    for index in range(count):
        message = WebhookMessage.objects.create(
            endpoint=endpoint,
            event_type="dues.paid" if index % 2 else "registration.confirmed",
            payload={"type": "dues.paid", "data": {}},
            state=WebhookMessage.State.DELIVERED if index % 3 else WebhookMessage.State.FAILED,
        )
        WebhookAttempt.objects.create(message=message, status_code=500, duration_ms=20)
        WebhookAttempt.objects.create(message=message, status_code=200, duration_ms=12)


@pytest.mark.parametrize("count", [3, 30])
def test_the_delivery_log_has_a_fixed_query_count(
    staff_client, personas, django_assert_num_queries, count
):
    endpoint = endpoint_listening("dues.paid", "registration.confirmed")
    _log(endpoint, count)
    url = reverse("webhooks:staff_endpoint", args=[endpoint.pk]) + "?state=failed"
    # session, user, MFA check, endpoint, count, page of messages, their attempts
    with django_assert_num_queries(7):
        response = staff_client.get(url)
    assert response.status_code == 200
    states = {m.state for m in response.context["page"]}
    assert states == {WebhookMessage.State.FAILED}


@pytest.mark.parametrize("count", [2, 12])
def test_the_endpoint_list_has_a_fixed_query_count(staff_client, django_assert_num_queries, count):
    for index in range(count):
        _log(endpoint_listening("dues.paid", url=f"https://h{index}.example.org/"), 2)
    # session, user, MFA check, the endpoints with their counts
    with django_assert_num_queries(4):
        response = staff_client.get(reverse("webhooks:staff_endpoints"))
    assert response.content.decode().count('class="webhook-endpoint"') == count


def test_resend_and_ping_go_through_the_pages(staff_client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    endpoint = endpoint_listening("dues.paid", url="http://127.0.0.1:9/closed")
    response = staff_client.post(reverse("webhooks:staff_endpoint_ping", args=[endpoint.pk]))
    assert response.status_code == 302
    ping = WebhookMessage.objects.get(event_type="ping")
    staff_client.post(reverse("webhooks:staff_message_resend", args=[ping.pk]))
    ping.refresh_from_db()
    assert ping.message_id.startswith("msg_")
