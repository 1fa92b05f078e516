"""The cluster's calls for collaborative projects and its opportunities board (internships,
jobs, training, funding), as their public pages show them. No token."""

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from api.pagination import KeysetPagination
from api.schemas import Translated, translated
from collaboration.models import Call, Opportunity
from collaboration.selectors.calls import calls_public
from collaboration.selectors.opportunities import opportunity_board
from core.pagecache import public_page
from members.models import Region

router = Router(tags=["Calls and opportunities (public)"])


def _page_url(name: str, slug: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{settings.SITE_URL}{reverse(name, kwargs={'slug': slug})}"


class PublicCall(Schema):
    slug: str
    title: Translated
    summary: Translated
    description: Translated
    eligibility: Translated
    opens_on: datetime.date
    deadline: datetime.datetime
    is_open: bool = Field(description="Whether the call takes projects now.")
    page_url: str


class CallFilterQuery(Schema):
    open: bool | None = Field(None, description="true: only the open calls; false: the others.")


def public_call(call: Call) -> dict:
    return {
        "slug": call.slug,
        "title": translated(call.title_fr, call.title_en),
        "summary": translated(call.summary_fr, call.summary_en),
        "description": translated(call.description_fr, call.description_en),
        "eligibility": translated(call.eligibility_fr, call.eligibility_en),
        "opens_on": call.opens_on,
        "deadline": call.deadline,
        "is_open": call.is_open(),
        "page_url": _page_url("collaboration:call_detail", call.slug),
    }


@router.get("/calls/", response=list[PublicCall], auth=None)
@decorate_view(public_page("calls", "register"))
@paginate(KeysetPagination, ordering=("-deadline", "-pk"), present=public_call)
def call_list(request: HttpRequest, filters: Query[CallFilterQuery]):
    """The published calls, the latest deadline first."""
    calls = calls_public()
    if filters.open is not None:
        now = timezone.now()
        is_open = {"opens_on__lte": timezone.localdate(now), "deadline__gte": now}
        calls = calls.filter(**is_open) if filters.open else calls.exclude(**is_open)
    return calls


@router.get("/calls/{slug}", response=PublicCall, auth=None)
@decorate_view(public_page("calls", "register"))
def call_detail(request: HttpRequest, slug: str):
    call = calls_public().filter(slug=slug).first()
    if call is None:
        raise Http404
    return public_call(call)


class PublicOpportunity(Schema):
    slug: str
    kind: str
    title: str
    description: str = Field(description="Markdown, in the language it was written in.")
    organization: str | None = Field(description="The member organization's name, if any.")
    funder: str
    scope: str
    location: str
    region: str | None = Field(description="INSEE region code.")
    starts_on: datetime.date | None
    expires_on: datetime.date = Field(description="Apply by this day.")
    apply_url: str
    apply_email: str
    published_at: datetime.datetime
    page_url: str


class OpportunityFilterQuery(Schema):
    q: str = Field("", description="Full-text search, accents and case ignored.", max_length=200)
    kind: Opportunity.Kind | None = Field(None, description="Only items of this kind.")
    region: str = Field("", description="An INSEE region code.", max_length=2)


def public_opportunity(opportunity: Opportunity) -> dict:
    return {
        "slug": opportunity.slug,
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "organization": opportunity.organization.name if opportunity.organization else None,
        "funder": opportunity.funder,
        "scope": opportunity.scope,
        "location": opportunity.location,
        "region": opportunity.region or None,
        "starts_on": opportunity.starts_on,
        "expires_on": opportunity.expires_on,
        "apply_url": opportunity.apply_url,
        "apply_email": opportunity.apply_email,
        "published_at": opportunity.published_at,
        "page_url": _page_url("collaboration:opportunity_detail", opportunity.slug),
    }


@router.get("/opportunities/", response=list[PublicOpportunity], auth=None)
@decorate_view(public_page("opportunities", "register"))
@paginate(KeysetPagination, ordering=("-published_at", "-pk"), present=public_opportunity)
def opportunity_list(request: HttpRequest, filters: Query[OpportunityFilterQuery]):
    """The board: published items not expired yet, the newest first; filters as on the
    board's page."""
    if filters.region and filters.region not in Region.values:
        return Opportunity.objects.none()
    return opportunity_board(query=filters.q, kind=filters.kind or "", region=filters.region)


@router.get("/opportunities/{slug}", response=PublicOpportunity, auth=None)
@decorate_view(public_page("opportunities", "register"))
def opportunity_detail(request: HttpRequest, slug: str):
    """One item on the board; an item off it (expired, withdrawn, waiting) is not found."""
    opportunity = opportunity_board().filter(slug=slug).first()
    if opportunity is None:
        raise Http404
    return public_opportunity(opportunity)
