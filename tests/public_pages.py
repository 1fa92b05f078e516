"""The public pages a visitor walks through, shared by the browser and HTML-validity tests.

The walk runs on the demo cluster (`seed_demo`), whose pages carry what real ones do: long
French names, logos, FAQ categories and questions, events with documents, news and press.
"""

import importlib
import io
import re
from collections.abc import Callable

from django.apps import apps
from django.core.management import call_command

# Data migrations whose rows the demo builds on; a browser test's database starts without
# them, flushed after the test before it.
DATA_MIGRATIONS = [
    ("communications.migrations.0002_faq_categories", "create_categories"),
    ("communications.migrations.0004_communication_targets", "create_targets"),
]

LANGUAGES = ("fr", "en")
# Under /<language>/.
PAGES = (
    "",
    "members/",
    "partners/",
    "events/",
    "faq/",
    "join/",
    "newsletter/",
    "newsletter/archive/",
    "news/",
    "press/",
    "calls/",
    "calls/stories/",
    "opportunities/",
    "stories/",
    "accounts/login/",
    "legal/",
    "privacy/",
)
# A page each list links to: a member's profile, an event, an article, a press release.
DETAILS = {
    "members/": r"members/[\w-]+/",
    "events/": r"events/(?!month/|annual/|calendar)[\w-]+/",
    "news/": r"news/[\w-]+/",
    "press/": r"press/releases/[\w-]+/",
    "calls/": r"calls/(?!stories/)[\w-]+/",
    "opportunities/": r"opportunities/(?!feed)[\w-]+/",
    "stories/": r"stories/[\w-]+/",
}


def seed_demo_cluster() -> None:
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    # --force: tests run with DEBUG off, where the command asks for it. Forty organizations
    # fill every list page and take a third of the time of the default hundred and twenty.
    call_command("seed_demo", "--force", "--orgs", "40", stdout=io.StringIO())


def public_paths(language: str, html_of: Callable[[str], str]) -> list[str]:
    """The pages of the walk in `language`; `html_of(path)` gives a page's HTML, from which
    the first detail page each list links to is taken."""
    paths = [f"/{language}/{page}" for page in PAGES]
    for listing, pattern in DETAILS.items():
        html = html_of(f"/{language}/{listing}")
        match = re.search(rf'href="(/{language}/{pattern})"', html)
        assert match, f"/{language}/{listing} links to no page like /{language}/{pattern}"
        paths.append(match[1])
    return paths
