"""The member register: organizations and people, memberships and dues, partners and
working groups, and the animators' CRM. Split by theme; import from `members.models`."""

from members.models.crm import Interaction, PerceptionAssessment
from members.models.groups import (
    PartnershipAgreement,
    PartnershipDocument,
    WorkingGroup,
    WorkingGroupDocument,
    WorkingGroupMember,
)
from members.models.imports import ImportJob
from members.models.memberships import (
    DuesReminder,
    FeeBand,
    Membership,
    MembershipApplication,
    MembershipCategory,
)
from members.models.organizations import (
    INVITATION_LINK,
    INVITATION_VALIDITY,
    Affiliation,
    Competence,
    ConsentRecord,
    Contact,
    HeadcountBand,
    Invitation,
    Label,
    Organization,
    Region,
    Sector,
    Segment,
    Tag,
    Visibility,
)

__all__ = [
    "INVITATION_LINK",
    "INVITATION_VALIDITY",
    "Affiliation",
    "Competence",
    "ConsentRecord",
    "Contact",
    "DuesReminder",
    "FeeBand",
    "HeadcountBand",
    "ImportJob",
    "Interaction",
    "Invitation",
    "Label",
    "Membership",
    "MembershipApplication",
    "MembershipCategory",
    "Organization",
    "PartnershipAgreement",
    "PartnershipDocument",
    "PerceptionAssessment",
    "Region",
    "Sector",
    "Segment",
    "Tag",
    "Visibility",
    "WorkingGroup",
    "WorkingGroupDocument",
    "WorkingGroupMember",
]
