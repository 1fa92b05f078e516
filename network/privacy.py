"""Personal data held by network (see core.personal_data). Imported by NetworkConfig.ready().

The feed publishes organizations, never people. What points at a person is which login gave
or withdrew an organization's consent to the feed: the proof of that consent."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import LegalBasis, Nothing, Person, Retention, iso, register
from network.models import NetworkConsentRecord, NetworkListing

_PROOF = Retention(
    _("Kept with the organization's record, as proof of its consent; the login is erased")
)


def _consents_export(person: Person) -> list[dict]:
    if person.user is None:
        return []
    return [
        {
            "organization": record.organization.name,
            "granted": record.granted,
            "recorded_at": iso(record.recorded_at),
            "text_version": record.text_version,
        }
        for record in NetworkConsentRecord.objects.filter(recorded_by=person.user).select_related(
            "organization"
        )
    ]


register(
    NetworkConsentRecord,
    key="network_consents",
    purpose=_("Organizations' consent to the network directory feed: who answered, and when"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The login that answered for the organization"),
    retention=_PROOF,
    export=_consents_export,
    erase=Nothing(_("Points at the login, which erasure anonymises.")),
)
register(
    NetworkListing,
    key="network_listings",
    purpose=_("Organizations' consent to the network directory feed, the answer in force"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The login that last answered for the organization"),
    retention=_PROOF,
    export=Nothing(_("The history of answers is exported with the consents.")),
    erase=Nothing(_("Points at the login, which erasure anonymises.")),
)
