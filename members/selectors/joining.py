"""What staff's review of applications reads: the queue, the organizations an applicant may
already be, and the first period and dues an approval would give."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from members.models import MembershipApplication, MembershipCategory, Organization
from members.selectors.memberships import FirstPeriod, fee_band_amount, membership_first_period

# Addresses at these domains say nothing about the employer: no duplicate warning on them.
WEBMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "bbox.fr",
        "free.fr",
        "gmail.com",
        "gmx.fr",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.fr",
        "me.com",
        "neuf.fr",
        "orange.fr",
        "outlook.com",
        "outlook.fr",
        "proton.me",
        "protonmail.com",
        "sfr.fr",
        "wanadoo.fr",
        "yahoo.com",
        "yahoo.fr",
    }
)


@dataclass(frozen=True)
class Duplicate:
    organization: Organization
    reason: str  # "siren" or "email_domain"


def application_first_period(
    *, application: MembershipApplication, category: MembershipCategory | None = None
) -> FirstPeriod:
    """The first period and dues the applicant would get if approved today, from the fee
    grid of `category` (the one applied for by default); staff's form starts from it."""
    yearly = fee_band_amount(
        category=category or application.category,
        headcount_band=application.organization.headcount_band,
    )
    return membership_first_period(joined_on=timezone.localdate(), yearly_amount=yearly)


def application_duplicates(*, application: MembershipApplication) -> list[Duplicate]:
    """Organizations that may be the applicant already: same SIREN, or people at the same
    email domain (webmail excepted). Only a warning for staff; nothing is merged."""
    organization = application.organization
    duplicates: list[Duplicate] = []
    seen: set[int] = set()
    if organization.siren:
        for match in Organization.objects.filter(siren=organization.siren).exclude(
            pk=organization.pk
        ):
            duplicates.append(Duplicate(organization=match, reason="siren"))
            seen.add(match.pk)
    domain = application.contact.email.rpartition("@")[2].lower()
    if domain and domain not in WEBMAIL_DOMAINS:
        matches = (
            Organization.objects.filter(affiliations__contact__email__iendswith="@" + domain)
            .exclude(pk__in={organization.pk, *seen})
            .distinct()
        )
        duplicates.extend(Duplicate(organization=match, reason="email_domain") for match in matches)
    return duplicates


def application_queue() -> QuerySet[MembershipApplication]:
    """Applications for the review queue: pending ones first, newest first within a status."""
    return (
        MembershipApplication.objects.select_related("organization", "contact", "category")
        .annotate(
            pending_first=Case(
                When(status=MembershipApplication.Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_first", "-submitted_at", "-pk")
    )
