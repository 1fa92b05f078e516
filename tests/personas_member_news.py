"""The persona matrix of member news (tests/test_urls_personas.py): name → (HTTP method, key
of `url_kwargs`, expected status per persona)."""

from tests.url_expectations import LOGIN, PUBLIC, STAFF_ONLY  # noqa: F401

# A member organization's admins submit its news; its plain contacts may not (403, as for
# the profile they cannot edit); staff work from the back-office.
ADMINS_ONLY = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 403,
    "other_member": 200,
    "anonymous": LOGIN,
}
# Organization A's news: organization B's admin must not learn it exists.
ORG_A_ADMIN = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 403,
    "other_member": 404,
    "anonymous": LOGIN,
}

EXPECTED = {
    "communications:space_member_news": ("get", None, ADMINS_ONLY),
    "communications:space_member_news_create": ("get", None, ADMINS_ONLY),
    "communications:space_member_news_edit": ("get", "member_news_pk", ORG_A_ADMIN),
    "communications:space_member_news_withdraw": (
        "post",
        "member_news_pk",
        {**ORG_A_ADMIN, "member_admin": 302},
    ),
    "communications:staff_member_news": ("get", None, STAFF_ONLY),
    "communications:staff_member_news_review": ("get", "member_news_pk", STAFF_ONLY),
    "communications:staff_news_feature": (
        "post",
        "news_pk",
        {**STAFF_ONLY, "staff": 302},
    ),
}


def _pending_member_news(personas):
    from communications.models import NewsArticle

    article = NewsArticle.objects.filter(slug="actualite-persona").first()
    if article is None:
        article = NewsArticle.objects.create(
            slug="actualite-persona",
            title_fr="Actualité persona",
            summary_fr="Résumé.",
            body_fr="Texte.",
            organization=personas.org_a,
            kind=NewsArticle.Kind.PRODUCT,
            moderation=NewsArticle.Moderation.PENDING,
            is_published=False,
        )
    return article


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it."""
    return {
        "member_news_pk": lambda: {"pk": _pending_member_news(personas).pk},
        "news_pk": lambda: {"pk": _pending_member_news(personas).pk},
    }
