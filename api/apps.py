from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open API under /api/v1/: a documented REST interface (OpenAPI 3) to the register,
    the calendar, the newsletter's subscribers, the surveys' results and the webhooks, for
    the cluster's other tools (accounting, website, regional agencies). Public resources
    need no token; the others need a scoped, expiring, revocable token, and every write is
    recorded. It sits above every domain app, which it reads and writes through their own
    selectors and services."""

    default = True
    name = "api"
    verbose_name = _("Open API")

    def ready(self):
        from api import pages, privacy  # noqa: F401 (registers)
