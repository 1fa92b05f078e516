from network.models.listings import NetworkConsentRecord, NetworkListing
from network.models.partners import PartnerDirectory, PartnerOrganization, PartnerTerm

__all__ = [
    "NetworkConsentRecord",
    "NetworkListing",
    "PartnerDirectory",
    "PartnerOrganization",
    "PartnerTerm",
]
