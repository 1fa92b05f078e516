from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed webhooks: the facts the domain apps publish (core.domain_events), delivered
    to the addresses staff register. Above the domain apps and the reports, below the API
    and the portal."""

    default = True
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from core.domain_events import subscriber_register
        from webhooks import pages, privacy  # noqa: F401 (registers)
        from webhooks.services.messages import messages_create_for

        subscriber_register(messages_create_for)
