"""What the register's rows show on stored public pages (core.pagecache): the directory, the
profiles, the partners page and the home page's member count all read the "register" topic."""

from core.pagecache import changes_feed, changes_private
from members import models

REGISTER = ("register",)

for model in (
    models.Organization,
    models.Contact,
    models.Affiliation,
    models.Membership,
    models.ConsentRecord,
    models.PartnershipAgreement,
    models.Sector,
    models.Competence,
    models.Label,
):
    changes_feed(model, REGISTER)

for model, reason in (
    (models.Tag, "staff's own tags, never shown publicly"),
    (models.Invitation, "invitations to the member space"),
    (models.Interaction, "the CRM's history"),
    (models.PerceptionAssessment, "the CRM's segmentation"),
    (models.PartnershipDocument, "documents shown to staff only"),
    (models.WorkingGroup, "working groups live in the member space"),
    (models.WorkingGroupMember, "working groups live in the member space"),
    (models.WorkingGroupDocument, "working groups live in the member space"),
    (models.ImportJob, "staff imports"),
    (models.MembershipCategory, "shown on the join page, which is not stored (its form posts)"),
    (models.FeeBand, "shown on the join page, which is not stored (its form posts)"),
    (models.DuesReminder, "dues are private"),
    (models.MembershipApplication, "applications are private"),
):
    changes_private(model, reason)
