"""An organization's yes or no to the network directory feed."""

from django.db import transaction
from django.utils import timezone

from core.pagecache import topics_changed_on_commit
from members.models import Organization
from network.models import NetworkConsentRecord, NetworkListing

# The wording of the consent page; change it whenever the text changes, so each record says
# which text the organization agreed to.
NETWORK_CONSENT_TEXT_VERSION = "network-feed-2026-01"


def network_listing_get(*, organization: Organization) -> NetworkListing:
    """The organization's listing, made with its lasting identifier the first time."""
    listing, _created = NetworkListing.objects.get_or_create(organization=organization)
    return listing


@transaction.atomic
def network_consent_change(
    *, organization: Organization, granted: bool, user
) -> NetworkConsentRecord | None:
    """Record the organization's new answer; the feed follows at once (its stored copy is
    on the "register" topic, which listings feed). Repeating the answer in force records
    nothing and returns None."""
    listing = network_listing_get(organization=organization)
    listing = NetworkListing.objects.select_for_update().get(pk=listing.pk)
    if listing.feed_consent == granted and listing.consent_changed_at is not None:
        return None
    now = timezone.now()
    listing.feed_consent = granted
    listing.consent_changed_at = now
    listing.consent_changed_by = user
    listing.save(update_fields=["feed_consent", "consent_changed_at", "consent_changed_by"])
    topics_changed_on_commit("register")
    return NetworkConsentRecord.objects.create(
        organization=organization,
        granted=granted,
        recorded_at=now,
        recorded_by=user,
        text_version=NETWORK_CONSENT_TEXT_VERSION,
    )
