"""Reads of needs, offers and introductions for the member space and the back-office: each
list fetches its related rows itself, so a page costs the same whatever its length."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from collaboration.models import DigestSubscription, Introduction, Post
from core.search import search_filter
from members.models import Competence, Contact, Sector


def _with_terms(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("organization").prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("name_fr")),
        Prefetch("sectors", queryset=Sector.objects.order_by("name_fr")),
    )


def space_posts(
    *,
    organization_ids: set[int],
    query: str = "",
    kind: str = "",
    category: str = "",
    competence: str = "",
    sector: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Post]:
    """The other members' current needs and offers, newest first."""
    posts = Post.objects.current(today).exclude(organization_id__in=organization_ids)
    if kind:
        posts = posts.filter(kind=kind)
    if category:
        posts = posts.filter(category=category)
    if competence:
        posts = posts.filter(competences__slug=competence)
    if sector:
        posts = posts.filter(sectors__slug=sector)
    if query:
        posts = posts.filter(search_filter(query, ["title", "description", "organization__name"]))
    return _with_terms(posts).order_by("-created_at", "-pk")


def own_posts(*, organization_ids: set[int]) -> QuerySet[Post]:
    """The posts of the user's organizations, open ones first, expired and closed included."""
    return _with_terms(Post.objects.filter(organization_id__in=organization_ids)).order_by(
        "is_closed", "-created_at", "-pk"
    )


def post_detail(*, pk: int) -> Post | None:
    return _with_terms(Post.objects.filter(pk=pk)).select_related("author").first()


def staff_posts(*, query: str = "", kind: str = "", state: str = "") -> QuerySet[Post]:
    today = timezone.localdate()
    posts = Post.objects.all()
    if kind:
        posts = posts.filter(kind=kind)
    if state == "current":
        posts = posts.current(today)
    elif state == "expired":
        posts = posts.filter(is_closed=False, expires_on__lt=today)
    elif state == "closed":
        posts = posts.filter(is_closed=True)
    if query:
        posts = posts.filter(search_filter(query, ["title", "organization__name"]))
    return _with_terms(posts).select_related("author").order_by("-created_at", "-pk")


def _introductions() -> QuerySet[Introduction]:
    return Introduction.objects.select_related(
        "requester", "target", "post", "requested_by", "decided_by", "made_by"
    )


def space_introductions(*, organization_ids: set[int]) -> tuple[list, list]:
    """(received, sent) introductions of the user's organizations, newest first: one query."""
    introductions = _introductions().filter(
        Q(requester_id__in=organization_ids) | Q(target_id__in=organization_ids)
    )
    received, sent = [], []
    for introduction in introductions.order_by("-created_at", "-pk"):
        if introduction.target_id in organization_ids:
            received.append(introduction)
        else:
            sent.append(introduction)
    return received, sent


def introduction_detail(*, pk: int) -> Introduction | None:
    return _introductions().filter(pk=pk).first()


def staff_introductions(*, query: str = "", status: str = "", kind: str = "") -> QuerySet:
    introductions = _introductions()
    if status:
        introductions = introductions.filter(status=status)
    if kind == "none":
        introductions = introductions.filter(post__isnull=True)
    elif kind:
        introductions = introductions.filter(post__kind=kind)
    if query:
        introductions = introductions.filter(
            search_filter(query, ["requester__name", "target__name"])
        )
    return introductions.order_by("-created_at", "-pk")


def open_introductions_with(*, organization_id: int, others: list[int]) -> dict[int, Introduction]:
    """{other organization id: its pending or accepted introduction with `organization_id`,
    either way}, for the suggestions to tell who is already asked or met. One query."""
    introductions = Introduction.objects.filter(
        Q(requester_id=organization_id, target_id__in=others)
        | Q(target_id=organization_id, requester_id__in=others),
        status__in=[Introduction.Status.PENDING, Introduction.Status.ACCEPTED],
    ).order_by("created_at", "pk")
    found = {}
    for introduction in introductions:
        other = (
            introduction.target_id
            if introduction.requester_id == organization_id
            else introduction.requester_id
        )
        found[other] = introduction
    return found


def pending_requests_count(*, organization_id: int) -> int:
    return Introduction.objects.filter(
        requester_id=organization_id, status=Introduction.Status.PENDING
    ).count()


def contact_of(user) -> Contact | None:
    """The person a logged-in member is."""
    if not user.is_authenticated:
        return None
    return Contact.objects.filter(user=user).first()


def is_digest_subscriber(*, contact: Contact | None) -> bool:
    return contact is not None and DigestSubscription.objects.filter(contact=contact).exists()
