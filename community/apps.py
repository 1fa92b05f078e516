from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The life of the community of members: the annual innovation awards and their jury,
    the discussions of the working groups between their meetings, and the testimonials and
    success stories that prove the cluster's worth. It reads the register (members), the
    calendar (events: the awards ceremony) and collaboration (projects); communications shows
    winners and testimonials in the press room and the newsletter, the reports count the
    discussions."""

    default = True
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community import hooks, pages, privacy  # noqa: F401 (registers)
