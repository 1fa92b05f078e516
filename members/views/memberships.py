"""Memberships and dues: staff's pages per organization and per year, the member's view
and the membership certificate."""

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.exports import export_if_requested
from members import permissions
from members.forms.memberships import DuesYearForm, MembershipForm
from members.models import Membership, Organization
from members.selectors import memberships as membership_selectors
from members.services import memberships as membership_services

UNPAID_PER_PAGE = 50


@permissions.staff_required
def staff_memberships(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    rows = list(
        organization.memberships.select_related("category").order_by("-period_start", "-pk")
    )
    return render(
        request,
        "members/staff/membership_list.html",
        {"organization": organization, "memberships": rows},
    )


@permissions.staff_required
@require_POST
def staff_membership_renew(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    try:
        membership = membership_services.membership_renew(organization=organization)
    except membership_services.RenewalTooEarly:
        messages.error(
            request, _("The membership of the next period already exists: edit it instead.")
        )
        return redirect("members:staff_memberships", slug=organization.slug)
    messages.success(
        request,
        _("Membership from %(start)s to %(end)s created; edit it to invoice the dues.")
        % {"start": membership.period_start, "end": membership.period_end},
    )
    return redirect("members:staff_membership_edit", slug=organization.slug, pk=membership.pk)


@permissions.staff_required
def staff_membership_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("organization", "category"),
        pk=pk,
        organization__slug=slug,
    )
    organization = membership.organization
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            membership_services.membership_update(membership=membership, **form.cleaned_data)
        except membership_services.InvoiceNumberTaken:
            form.add_error(
                "invoice_number", _("This invoice number is already used by another membership.")
            )
        else:
            messages.success(request, _("Membership saved."))
            return redirect("members:staff_memberships", slug=organization.slug)
    return render(
        request,
        "members/staff/membership_form.html",
        {"organization": organization, "membership": membership, "form": form},
    )


@permissions.staff_required
def staff_dues(request: HttpRequest) -> HttpResponse:
    """Dues of a year: expected, invoiced, collected and late totals, and who has not paid."""
    today = timezone.localdate()
    default_year = membership_selectors.membership_period_containing(day=today)[0].year
    form = DuesYearForm(request.GET if "year" in request.GET else {"year": default_year})
    year = form.cleaned_data["year"] if form.is_valid() else default_year
    unpaid = membership_selectors.dues_unpaid(year=year)
    if export := export_if_requested(
        request,
        filename=f"unpaid-dues-{year}",
        table=lambda: _dues_unpaid_table(unpaid, today=today),
    ):
        return export
    page = Paginator(unpaid, UNPAID_PER_PAGE).get_page(request.GET.get("page"))
    late_after = today - membership_selectors.LATE_AFTER
    return render(
        request,
        "members/staff/dues_list.html",
        {
            "form": form,
            "year": year,
            "totals": membership_selectors.dues_totals(year=year, today=today),
            "page": page,
            "late_after": late_after,
        },
    )


def _dues_unpaid_table(unpaid, *, today) -> tuple[list[str], Iterator[list]]:
    late_after = today - membership_selectors.LATE_AFTER
    header = [
        _("Organization"),
        _("SIREN"),
        _("Category"),
        _("From"),
        _("To"),
        _("Status"),
        _("Dues (€)"),
        _("Invoice number"),
        _("Invoiced on"),
        _("Late"),
    ]
    rows = (
        [
            membership.organization.name,
            membership.organization.siren,
            membership.category.name if membership.category else "",
            membership.period_start,
            membership.period_end,
            membership.get_status_display(),
            membership.dues_amount,
            membership.invoice_number,
            membership.invoiced_on,
            bool(membership.invoiced_on and membership.period_start < late_after),
        ]
        for membership in unpaid.iterator(chunk_size=500)
    )
    return header, rows


@permissions.member_required
def space_membership(request: HttpRequest, slug: str) -> HttpResponse:
    """A member contact's view of their organization's memberships and dues."""
    affiliation = permissions.affiliations_of(request.user).filter(organization__slug=slug).first()
    if affiliation is None:
        # 404 rather than 403: other members need not learn which slugs exist.
        raise Http404
    organization = affiliation.organization
    rows = list(
        organization.memberships.select_related("category").order_by("-period_start", "-pk")
    )
    today = timezone.localdate()
    # The membership of today's period when there is one (a renewal may already exist for
    # next year), else the latest.
    current = next(
        (row for row in rows if row.period_start <= today <= row.period_end),
        rows[0] if rows else None,
    )
    return render(
        request,
        "members/space/membership_list.html",
        {"organization": organization, "memberships": rows, "current": current},
    )


@login_required
@never_cache
def space_membership_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """The PDF certificate of the current membership, for the organization's people and
    staff, in the viewer's language."""
    if permissions.owes_second_factor(request.user):
        # Staff reach any organization's certificate once their second factor is set up.
        return permissions.second_factor_setup_redirect(request)
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_view_organization_space(request.user, organization):
        # 404 rather than 403: other members need not learn which slugs exist.
        raise Http404
    membership = membership_selectors.membership_certified(organization=organization)
    if membership is None:
        messages.error(
            request,
            _(
                "No certificate can be issued: %(name)s has no active membership for the "
                "current period (an approved membership counts once its dues are paid)."
            )
            % {"name": organization.name},
        )
        if permissions.is_animator(request.user):
            return redirect("members:staff_organization", slug=organization.slug)
        return redirect("members:space_membership", slug=organization.slug)
    pdf = membership_services.membership_certificate_pdf(
        membership=membership, language=get_language()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"membership-certificate-{organization.slug}-{membership.period_start:%Y}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
