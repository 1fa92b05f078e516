"""What network shows on stored public pages (core.pagecache): the open directory feed is
stored on the "register" topic, which an organization's consent to it feeds. Partner
clusters' organizations are shown to members only."""

from core.pagecache import changes_feed, changes_private
from network import models

changes_feed(models.NetworkListing, ("register",))

for model, reason in (
    (models.NetworkConsentRecord, "the history of consents is the organization's and staff's"),
    (models.PartnerDirectory, "partner feeds are staff's"),
    (models.PartnerTerm, "the taxonomy mapping is staff's"),
    (models.PartnerOrganization, "partner clusters' organizations are shown to members only"),
):
    changes_private(model, reason)
