"""Reads of needs, offers and introductions for the member space and the back-office: each
list fetches its related rows itself, so a page costs the same whatever its length."""

import datetime

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from collaboration.models import DigestSubscription, Introduction, Post
from core.search import search_filter
from members.models import Affiliation, Competence, Contact, Organization, Sector


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


def space_introductions(*, organization_ids: set[int], received: bool) -> QuerySet:
    """The introductions the user's organizations were asked (`received`), or asked for
    themselves, newest first. One between two of the user's organizations counts as
    received."""
    introductions = _introductions()
    if received:
        introductions = introductions.filter(target_id__in=organization_ids)
    else:
        introductions = introductions.filter(requester_id__in=organization_ids).exclude(
            target_id__in=organization_ids
        )
    return introductions.order_by("-created_at", "-pk")


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


def introducible_contacts(organization: Organization):
    """The people staff may put forward for an organization: affiliated, not anonymised,
    reachable (a login to the member space or an email address); the main contact first,
    then executives, admins of the space, anyone else."""
    return (
        Contact.objects.filter(affiliations__organization=organization, anonymised_at__isnull=True)
        .filter(Q(user__isnull=False) | ~Q(email=""))
        .annotate(
            rank=Case(
                When(affiliations__position=Affiliation.Position.MAIN_CONTACT, then=Value(0)),
                When(affiliations__position=Affiliation.Position.EXECUTIVE, then=Value(1)),
                When(affiliations__access=Affiliation.Access.ADMIN, then=Value(2)),
                default=Value(3),
            )
        )
        .order_by("rank", "last_name", "first_name", "pk")
    )


def is_digest_subscriber(*, contact: Contact | None) -> bool:
    return contact is not None and DigestSubscription.objects.filter(contact=contact).exists()


def requests_waiting(*, organization) -> int:
    """How many of the organization's requests wait for an answer (the quota counts them)."""
    return Introduction.objects.filter(
        requester=organization, status=Introduction.Status.PENDING
    ).count()
