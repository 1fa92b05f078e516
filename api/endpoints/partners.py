"""The cluster's partners (funders, schools, laboratories, other clusters): what the public
partners page shows, with their public agreements. No token."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from api.pagination import KeysetPagination
from api.schemas import Translated, translated
from core.pagecache import public_page
from members.models import Organization
from members.selectors.directory import organizations_with_visibility, partners_public

router = Router(tags=["Partners (public)"])


class PartnerAgreement(Schema):
    kind: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    description: Translated


class Partner(Schema):
    slug: str
    name: str
    kind: str = Field(description="Organization.Kind: school, research, public_body…")
    city: str
    website: str | None = Field(None, description="Null when the partner keeps it private.")
    description: Translated | None = None
    agreements: list[PartnerAgreement] = Field(description="Public agreements, latest first.")


class PartnerFilterQuery(Schema):
    kind: str = Field("", description="Only partners of this kind.", max_length=40)


def public_partner(partner: Organization) -> dict:
    """The partner as the public sees it: the fields it keeps private are null."""
    (partner,) = organizations_with_visibility([partner], viewer_is_member=False)
    visible = partner.visible
    return {
        "slug": partner.slug,
        "name": partner.name,
        "kind": partner.kind,
        "city": partner.city,
        "website": (partner.website or None) if visible.get("website") else None,
        "description": (
            translated(partner.description_fr, partner.description_en)
            if visible.get("description")
            else None
        ),
        "agreements": [
            {
                "kind": agreement.kind,
                "title": agreement.title,
                "starts_on": agreement.starts_on,
                "ends_on": agreement.ends_on,
                "description": translated(agreement.description_fr, agreement.description_en),
            }
            for agreement in partner.public_agreements
        ],
    }


@router.get("/partners/", response=list[Partner], auth=None)
@decorate_view(public_page("register"))
@paginate(KeysetPagination, ordering=("name", "pk"), present=public_partner)
def partner_list(request: HttpRequest, filters: Query[PartnerFilterQuery]):
    """The partner organizations by name; a partner's fields it keeps private are null."""
    partners = partners_public()
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    return partners
