"""One way to make a personal link: core.links. These walks fail as soon as a model stores a
token of its own, or code signs or keys something outside the places where a signed,
stateless link is the right tool, so that the scheme cannot quietly be forked again."""

import re

from django.apps import apps
from django.conf import settings

from tests.project_apps import PROJECT_APPS

# The only model fields named like a token: the hash of every personal link, and the
# personal iCalendar feed's token, a long-lived credential shown again on its page (see
# events.models.feeds.PersonalCalendar for why it is not a personal link).
TOKEN_FIELDS = {
    ("core", "PersonalLink", "token_hash"),
    ("events", "PersonalCalendar", "token"),
    # The API token an audit entry was written with (a key to api.ApiToken, which keeps
    # only its secret's hash): a credential for programs, not a link for a person.
    ("api", "ApiAuditEntry", "token"),
}

# Where signing or keyed hashing is allowed, and why. Anything else making a link that acts
# for someone uses core.links.
SIGNING_ALLOWED = {
    # Unsubscribe and preferences links: in every newsletter, valid for years, nothing to
    # store. They survive a key rotation through SECRET_KEY_FALLBACKS.
    "communications/services/subscriptions.py",
    # Open and click tracking: one per delivery and link, stateless.
    "communications/services/newsletters.py",
    # The press kit download link, given at once after the form: short-lived, stateless.
    "communications/services/content.py",
    # The login's session hash (Django's own, which checks the fallbacks itself).
    "core/models.py",
    # The keyed hash of an address that answered a public survey (not a link).
    "surveys/models/responses.py",
    # The public survey's per-browser cookie (not a link).
    "surveys/views/answers.py",
    # API tokens' hashes compared in constant time (a credential for programs, not a link).
    "api/services/tokens.py",
    # Webhook messages signed as the Standard Webhooks convention asks (not a link).
    "webhooks/signing.py",
    # The key that seals stored secrets, derived from SECRET_KEY (not a link).
    "core/sealing.py",
}
SIGNING = re.compile(
    r"\bsigning\.(dumps|loads|Signer|TimestampSigner)\b|\b(Timestamp)?Signer\(|"
    r"\bsalted_hmac\b|\bimport hmac\b|\bhmac\.new\b|signed_cookie\("
)


def test_no_model_stores_a_token_of_its_own():
    named_like_a_token = {
        (model._meta.app_label, model.__name__, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if "token" in field.name.lower() and getattr(field, "concrete", False)
    }
    assert named_like_a_token == TOKEN_FIELDS


def _project_sources():
    for app in (*PROJECT_APPS, "cluster_portal"):
        for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
            relative = path.relative_to(settings.BASE_DIR).as_posix()
            if "/migrations/" in relative or "/tests/" in relative:
                continue
            yield relative, path.read_text()


def test_signing_and_keyed_hashes_only_where_a_stateless_link_is_the_right_tool():
    signing_here = {relative for relative, text in _project_sources() if SIGNING.search(text)}
    assert signing_here <= SIGNING_ALLOWED, (
        "Personal links go through core.links; a signed link needs a reason in SIGNING_ALLOWED: "
        f"{sorted(signing_here - SIGNING_ALLOWED)}"
    )
    # The list stays true: a file that stopped signing leaves it.
    assert signing_here == SIGNING_ALLOWED


def test_the_walk_sees_the_sources_it_checks():
    sources = dict(_project_sources())
    assert "core/links.py" in sources and "members/services/invitations.py" in sources
    assert SIGNING.search(sources["communications/services/subscriptions.py"])
