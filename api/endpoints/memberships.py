"""Memberships and their dues, with a token that has the `memberships` scope, and the
payment of dues recorded through the members' service (an approved membership whose dues
are paid becomes active, its organization a member, listed in the directory). An
organization's own token reads its own memberships only."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from api import permissions
from api.auth import TokenAuth
from api.pagination import KeysetPagination
from api.problems import Problem
from api.schemas import InputSchema, Term, audit, choice, field_problem
from members.models import Membership
from members.selectors.memberships import BILLED_STATUSES, membership_period_of_year
from members.services.memberships import InvoiceNumberTaken, membership_update

router = Router(tags=["Memberships and dues"], auth=TokenAuth("memberships"))


class MembershipOut(Schema):
    id: int
    organization: str = Field(description="The organization's slug.")
    organization_name: str
    category: Term | None = Field(description="The membership category, if any.")
    period_start: datetime.date
    period_end: datetime.date
    status: choice(Membership.Status)
    dues_amount: Decimal | None = Field(description="Yearly dues in euros, if set.")
    invoice_number: str
    invoiced_on: datetime.date | None
    paid: bool = Field(description="Whether the dues are paid.")
    paid_on: datetime.date | None = Field(description="The day the dues were paid.")
    payment_method: str


def present(membership: Membership) -> dict:
    category = membership.category
    return {
        "id": membership.pk,
        "organization": membership.organization.slug,
        "organization_name": membership.organization.name,
        "category": (
            {
                "code": category.slug,
                "name_fr": category.name_fr,
                "name_en": category.name_en or category.name_fr,
            }
            if category
            else None
        ),
        "period_start": membership.period_start,
        "period_end": membership.period_end,
        "status": membership.status,
        "dues_amount": membership.dues_amount,
        "invoice_number": membership.invoice_number,
        "invoiced_on": membership.invoiced_on,
        "paid": membership.paid_on is not None,
        "paid_on": membership.paid_on,
        "payment_method": membership.payment_method,
    }


def _memberships(request: HttpRequest):
    return permissions.memberships_for(request.auth).select_related("organization", "category")


class MembershipQuery(Schema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="Memberships of the membership year starting then."
    )
    paid: bool | None = Field(None, description="Only paid, or only unpaid, dues.")
    organization: str = Field("", description="Only this organization's (its slug).")
    status: choice(Membership.Status) | None = None


@router.get("/memberships/", response=list[MembershipOut])
@paginate(KeysetPagination, ordering=("-period_start", "pk"), present=present)
def membership_list(request: HttpRequest, filters: Query[MembershipQuery]):
    """Memberships, the latest periods first."""
    memberships = _memberships(request)
    if filters.year is not None:
        start, end = membership_period_of_year(year=filters.year)
        memberships = memberships.filter(period_end__gte=start, period_end__lte=end)
    if filters.paid is not None:
        memberships = memberships.filter(paid_on__isnull=not filters.paid)
    if filters.organization:
        memberships = memberships.filter(organization__slug=filters.organization)
    if filters.status:
        memberships = memberships.filter(status=filters.status)
    return memberships


def _membership(request: HttpRequest, membership_id: int) -> Membership:
    membership = _memberships(request).filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


@router.get("/memberships/{membership_id}", response=MembershipOut)
def membership_detail(request: HttpRequest, membership_id: int):
    """One membership."""
    return present(_membership(request, membership_id))


class PaymentIn(InputSchema):
    paid_on: datetime.date | None = Field(None, description="The day of payment; today if none.")
    payment_method: choice(Membership.PaymentMethod) = Membership.PaymentMethod.TRANSFER.value
    invoice_number: str | None = Field(
        None, max_length=40, description="The invoice's number, if not recorded yet."
    )


@router.post("/memberships/{membership_id}/payment", response=MembershipOut)
def membership_pay(request: HttpRequest, membership_id: int, body: PaymentIn):
    """Record that the dues were paid. An approved membership becomes active, and its
    organization a member. Dues already paid, or a membership not billed (applied,
    rejected…), answer 409."""
    paid_on = body.paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise field_problem("paid_on", gettext("A payment cannot be in the future."))
    with transaction.atomic():
        _pay(request, membership_id, body, paid_on)
    return present(_membership(request, membership_id))


def _pay(request: HttpRequest, membership_id: int, body: PaymentIn, paid_on) -> None:
    # Checked on the locked row: of two calls at once, the second sees the first's payment.
    membership = (
        permissions.memberships_for(request.auth)
        .select_for_update()
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    if membership.status not in BILLED_STATUSES:
        raise Problem("conflict", gettext("This membership has no dues to pay."))
    if membership.paid_on is not None:
        raise Problem("conflict", gettext("These dues are already paid."))
    try:
        membership_update(
            membership=membership,
            status=membership.status,
            category=membership.category,
            dues_amount=membership.dues_amount,
            invoice_number=(
                body.invoice_number
                if body.invoice_number is not None
                else membership.invoice_number
            ),
            invoiced_on=membership.invoiced_on,
            paid_on=paid_on,
            payment_method=body.payment_method,
            notes=membership.notes,
        )
    except InvoiceNumberTaken as error:
        raise field_problem(
            "invoice_number", gettext("Another membership has this invoice number.")
        ) from error
    audit(request, membership, f"dues paid on {paid_on.isoformat()}")
