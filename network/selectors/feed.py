"""The network directory feed (README, "Network directory feed"): the document partner
clusters poll, built from the register in a fixed number of queries."""

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from members.models import Competence, Organization, Sector
from members.selectors.directory import directory_queryset

FEED_FORMAT = "cluster-directory"
FEED_VERSION = 1


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def feed_organizations():
    """Member organizations listed in the directory that agreed to the network feed."""
    return (
        directory_queryset()
        .filter(network_listing__feed_consent=True)
        .select_related("network_listing")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.only("slug")),
            Prefetch("competences", queryset=Competence.objects.only("slug")),
        )
        .order_by("name", "pk")
    )


def _both(organization: Organization, field: str) -> dict[str, str]:
    return {
        "fr": getattr(organization, f"{field}_fr"),
        "en": getattr(organization, f"{field}_en"),
    }


def _organization_entry(organization: Organization, profile_prefix: str) -> dict:
    """Only what the organization shows to every visitor: a field it keeps for members or
    hides is left empty (lists: empty), never omitted, so the shape stays the same."""

    def public(field: str) -> bool:
        return organization.is_visible(field, viewer_is_member=False)

    empty = {"fr": "", "en": ""}
    return {
        "id": str(organization.network_listing.uid),
        "name": organization.name,
        "profile_url": _absolute(f"{profile_prefix}{organization.slug}/"),
        "city": organization.city,
        # The profile shows the postal code with the street only (members' by default).
        "postal_code": organization.postal_code if public("street") else "",
        "region": organization.region,
        "description": _both(organization, "description") if public("description") else empty,
        "offer": _both(organization, "offer") if public("offer") else empty,
        "website": organization.website if public("website") else "",
        "logo": _absolute(organization.logo.url) if organization.logo and public("logo") else "",
        "sectors": sorted(term.slug for term in organization.sectors.all())
        if public("sectors")
        else [],
        "competences": sorted(term.slug for term in organization.competences.all())
        if public("competences")
        else [],
        "updated_at": organization.updated_at.isoformat(),
    }


def _taxonomy(model) -> list[dict]:
    return [
        {"code": term.slug, "name": {"fr": term.name_fr, "en": term.name_en}}
        for term in model.objects.order_by("slug")
    ]


def directory_document() -> dict:
    """The whole feed as a JSON-ready dict: four queries whatever the number of
    organizations (competences, sectors, the organizations, their sectors and competences
    in two prefetches: six in all)."""
    with override("fr"):
        # Profiles are addressed in French, the product's first language; the page offers
        # the English version.
        profile_prefix = reverse("members:directory_profile", args=["x"])[:-2]
        feed_path = reverse("network_feed:directory_json")
    return {
        "format": FEED_FORMAT,
        "version": FEED_VERSION,
        "generated_at": timezone.now().isoformat(),
        "cluster": {
            "name": settings.CLUSTER_NAME,
            "url": _absolute("/"),
            "feed": _absolute(feed_path),
        },
        "taxonomy": {"competences": _taxonomy(Competence), "sectors": _taxonomy(Sector)},
        "organizations": [
            _organization_entry(organization, profile_prefix)
            for organization in feed_organizations()
        ],
    }
