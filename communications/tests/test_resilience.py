from core.tests.fixtures import DEAD_REDIS
from tests.celery_processes import forget_broker_connections


def test_a_sign_up_while_redis_is_down_is_saved_and_its_email_waits_in_the_outbox(
    client, db, redis_down, settings, django_capture_on_commit_callbacks
):
    from communications.models import Subscriber
    from core.models import OutboxTask

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_REDIS
    forget_broker_connections()
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                "/en/newsletter/",
                {"email": "pendant@example.org", "language": "fr", "consent": "on"},
            )
    finally:
        forget_broker_connections()
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="pendant@example.org").exists()
    assert callbacks, "the hand-over to Celery was attempted"
    waiting = OutboxTask.objects.get(task_name="communications.tasks.newsletter_confirmation_send")
    assert waiting.attempts == 1 and waiting.last_error
