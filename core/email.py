"""Sending the portal's emails: always HTML and text, always in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def email_send(
    *, template: str, to: str, context: dict, language: str, headers: dict | None = None
) -> None:
    """Render templates/<template>_subject.txt, .txt and .html in `language` and send them."""
    context = {"site_url": settings.SITE_URL, "cluster_name": settings.CLUSTER_NAME, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=text,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    message.send()
