from core.email import RETRYABLE_ERRORS


def test_tasks_sending_emails_retry_on_what_email_send_once_marks_retryable():
    from communications.tasks import newsletter_confirmation_send
    from members.tasks import (
        application_acknowledge_send,
        application_decision_send,
        dues_reminder_send,
        invitation_send,
    )

    for task in (
        invitation_send,
        application_acknowledge_send,
        application_decision_send,
        dues_reminder_send,
        newsletter_confirmation_send,
    ):
        assert task.autoretry_for == RETRYABLE_ERRORS
