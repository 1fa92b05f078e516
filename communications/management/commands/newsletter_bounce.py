"""Record a hard bounce reported by the mail provider: the address is never written to again.

manage.py newsletter_bounce someone@example.org --reason "550 5.1.1 user unknown"
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from communications.services.subscriptions import subscriber_bounce


class Command(BaseCommand):
    help = "Mark an email address as bounced: no newsletter will be sent to it again."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", default="", help="What the mail server answered.")

    def handle(self, *args, email: str, reason: str, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"Not an email address: {email!r}") from None
        subscriber = subscriber_bounce(email=email, reason=reason)
        self.stdout.write(f"{subscriber.email}: bounced")
