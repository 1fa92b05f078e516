"""The persona matrix of the collaboration introductions pages (tests/test_urls_personas.py):
name → (HTTP method, key of `url_kwargs`, expected status per persona)."""

import datetime

from tests.url_expectations import LOGIN, MEMBERS_ONLY, PUBLIC, STAFF_ONLY  # noqa: F401

# Organization A's contacts (its post, its request); org B's member must get a 404, so as
# not to learn what org A posts privately or asks.
ORG_A_CONTACTS = {**MEMBERS_ONLY, "other_member": 404}
ORG_A_CONTACTS_POST = {**ORG_A_CONTACTS, "member_admin": 302, "member_contact": 302}
# The asked organization (B) answers a request of A; A's contacts may not.
ORG_B_ANSWERS = {**MEMBERS_ONLY, "member_admin": 404, "member_contact": 404, "other_member": 302}

EXPECTED = {
    "collaboration:space_posts": ("get", None, MEMBERS_ONLY),
    "collaboration:space_post_create": ("get", None, MEMBERS_ONLY),
    "collaboration:space_post": ("get", "intro_post", MEMBERS_ONLY),
    "collaboration:space_post_edit": ("get", "intro_post", ORG_A_CONTACTS),
    "collaboration:space_post_close": ("post", "intro_post", ORG_A_CONTACTS_POST),
    "collaboration:space_post_suggestions": ("get", "intro_post", ORG_A_CONTACTS),
    "collaboration:space_introductions": ("get", None, MEMBERS_ONLY),
    # Asking org B: B's own member is sent back (no introduction to oneself).
    "collaboration:space_introduction_request": (
        "get",
        "intro_target",
        {**MEMBERS_ONLY, "other_member": 302},
    ),
    "collaboration:space_introduction": ("get", "introduction", MEMBERS_ONLY),
    "collaboration:space_introduction_accept": ("post", "introduction", ORG_B_ANSWERS),
    "collaboration:space_introduction_decline": ("post", "introduction", ORG_B_ANSWERS),
    "collaboration:space_introduction_withdraw": (
        "post",
        "introduction",
        {**ORG_A_CONTACTS_POST},
    ),
    "collaboration:space_digest": ("get", None, MEMBERS_ONLY),
    "collaboration:digest_unsubscribe": ("get", "digest_unsubscribe", PUBLIC),
    "collaboration:staff_posts": ("get", None, STAFF_ONLY),
    "collaboration:staff_post_suggestions": ("get", "intro_post", STAFF_ONLY),
    "collaboration:staff_introductions": ("get", None, STAFF_ONLY),
    "collaboration:staff_introduction_create": ("get", None, STAFF_ONLY),
}


def _post(personas):
    from collaboration.models import Post

    post = Post.objects.filter(organization=personas.org_a).first()
    if post is None:
        post = Post.objects.create(
            organization=personas.org_a,
            kind=Post.Kind.NEED,
            title="Recherche partenaire cybersécurité",
            description="Pour un client industriel.",
            expires_on=datetime.date.today() + datetime.timedelta(days=30),
        )
    return post


def _introduction(personas):
    from collaboration.models import Introduction

    introduction = Introduction.objects.filter(
        requester=personas.org_a, target=personas.org_b
    ).first()
    if introduction is None:
        introduction = Introduction.objects.create(
            requester=personas.org_a,
            requested_by=personas.member_admin.contact,
            target=personas.org_b,
            post=_post(personas),
            message="Bonjour, pouvons-nous échanger ?",
        )
    return introduction


def _listed(organization):
    """Members ask only organizations listed in the directory."""
    from django.utils import timezone

    if organization.directory_consent_at is None:
        organization.directory_consent_at = timezone.now()
        organization.save(update_fields=["directory_consent_at"])
    return organization


def _digest_token(personas):
    from django.utils import timezone

    from collaboration.services.introductions import DIGEST_UNSUBSCRIBE_PURPOSE
    from core.links import link_issue

    contact = personas.member_contact.contact
    return link_issue(
        target=contact,
        purpose=DIGEST_UNSUBSCRIBE_PURPOSE,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it, so each builds only the rows its own URL reads."""
    return {
        "intro_post": lambda: {"pk": _post(personas).pk},
        "intro_target": lambda: {"slug": _listed(personas.org_b).slug},
        "introduction": lambda: {"pk": _introduction(personas).pk},
        "digest_unsubscribe": lambda: {"token": _digest_token(personas)},
    }
