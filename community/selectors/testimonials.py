"""Reads of testimonials and success stories: what the public pages show (home, join page,
press room, stories, directory profiles), the member's own testimonials, and the staff lists
with their exports."""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import SuccessStory, Testimonial, TestimonialConsent
from core.search import search_filter
from members.models import Organization
from members.selectors.directory import directory_queryset

STATUS_PUBLISHED = "published"
STATUS_READY = "ready"
STATUS_NO_CONSENT = "no_consent"


def testimonials_published(*, limit: int | None = None) -> list[Testimonial]:
    """Online testimonials, the latest first, with their organizations (one query)."""
    testimonials = (
        Testimonial.objects.published()
        .select_related("organization")
        .order_by("-published_at", "-pk")
    )
    return list(testimonials[:limit] if limit else testimonials)


def testimonials_of_contact(*, contact) -> list[Testimonial]:
    """A person's testimonials, for their member space, with their consents."""
    return list(
        Testimonial.objects.filter(contact=contact, anonymised_at__isnull=True)
        .select_related("organization")
        .prefetch_related("consents")
        .order_by("-created_at")
    )


def testimonials_staff_list(*, query: str = "", status: str = "") -> QuerySet[Testimonial]:
    """Every testimonial, newest first, with its organization and its consent in force
    (prefetched: one query for the whole page)."""
    testimonials = (
        Testimonial.objects.select_related("organization")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=TestimonialConsent.objects.filter(withdrawn_at__isnull=True),
                to_attr="consents_in_force",
            )
        )
        .order_by("-created_at", "-pk")
    )
    if status == STATUS_PUBLISHED:
        testimonials = testimonials.filter(published_at__isnull=False)
    elif status == STATUS_READY:
        testimonials = testimonials.filter(
            published_at__isnull=True,
            pk__in=TestimonialConsent.objects.filter(withdrawn_at__isnull=True).values(
                "testimonial_id"
            ),
        )
    elif status == STATUS_NO_CONSENT:
        testimonials = testimonials.exclude(
            pk__in=TestimonialConsent.objects.filter(withdrawn_at__isnull=True).values(
                "testimonial_id"
            )
        )
    if query:
        testimonials = testimonials.filter(
            search_filter(
                query, ["person_name", "role", "company_name", "organization__name", "quote_fr"]
            )
        )
    return testimonials


def testimonial_staff(*, pk: int) -> Testimonial | None:
    return (
        Testimonial.objects.select_related("organization", "contact", "created_by")
        .filter(pk=pk)
        .first()
    )


def testimonial_consents(*, testimonial: Testimonial) -> list[TestimonialConsent]:
    return list(
        testimonial.consents.select_related("recorded_by", "withdrawal_recorded_by").order_by(
            "-recorded_at", "-pk"
        )
    )


def testimonials_export_rows(
    *, testimonials: QuerySet[Testimonial]
) -> tuple[list[str], Iterator[list]]:
    header = [
        _("Name"),
        _("Role"),
        _("Company"),
        _("Email"),
        _("Quote (French)"),
        _("Quote (English)"),
        _("Consent"),
        _("Consent given on"),
        _("Published on"),
        _("Recorded on"),
    ]

    def rows():
        for item in testimonials:
            consent = item.consents_in_force[0] if item.consents_in_force else None
            yield [
                item.person_name,
                item.role,
                item.company,
                item.email,
                item.quote_fr,
                item.quote_en,
                consent.get_method_display() if consent else _("None in force"),
                consent.given_on if consent else None,
                timezone.localtime(item.published_at).date() if item.published_at else None,
                timezone.localtime(item.created_at).date(),
            ]

    return header, rows()


# Success stories.


def _with_listed_organizations(stories: QuerySet[SuccessStory]) -> QuerySet[SuccessStory]:
    """Each story's organizations by name in `involved`, each marked `listed` when the
    directory shows it (the page links to its profile): one query for all stories."""
    return stories.prefetch_related(
        Prefetch(
            "organizations",
            queryset=Organization.objects.annotate(
                listed=Exists(directory_queryset().filter(pk=OuterRef("pk")))
            ).order_by("name"),
            to_attr="involved",
        )
    )


def stories_published(*, limit: int | None = None) -> QuerySet[SuccessStory]:
    stories = _with_listed_organizations(
        SuccessStory.objects.published().select_related("project").order_by("-published_at", "-pk")
    )
    return stories[:limit] if limit else stories


def story_public(*, slug: str) -> SuccessStory | None:
    return (
        _with_listed_organizations(SuccessStory.objects.select_related("project"))
        .filter(slug=slug)
        .first()
    )


def stories_of_organization(*, organization) -> list[SuccessStory]:
    """The published stories an organization took part in (its directory profile)."""
    return list(
        SuccessStory.objects.published()
        .filter(organizations=organization)
        .order_by("-published_at", "-pk")
    )


def stories_staff_list(*, query: str = "", status: str = "") -> QuerySet[SuccessStory]:
    stories = SuccessStory.objects.prefetch_related("organizations").order_by("-created_at", "-pk")
    if status == "published":
        stories = stories.filter(is_published=True)
    elif status == "draft":
        stories = stories.filter(is_published=False)
    if query:
        stories = stories.filter(search_filter(query, ["title_fr", "title_en"]))
    return stories


def stories_export_rows(*, stories: QuerySet[SuccessStory]) -> tuple[list[str], Iterator[list]]:
    header = [_("Title"), _("Kind"), _("Organizations"), _("Published"), _("Published on")]
    rows = (
        [
            story.title_fr,
            story.get_kind_display(),
            ", ".join(organization.name for organization in story.organizations.all()),
            _("yes") if story.is_published else _("no"),
            timezone.localtime(story.published_at).date() if story.published_at else None,
        ]
        for story in stories
    )
    return header, rows
