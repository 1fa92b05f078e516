"""Members' whole-network search, organizations' consent to the feed, staff's partner
directories and their mappings, and the partner matches of a need."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Organization
from members.views.directory import slug_url_builder
from network import permissions
from network.forms.network import (
    NetworkConsentForm,
    NetworkSearchForm,
    PartnerDirectoryForm,
    PartnerTermMappingForm,
)
from network.models import NetworkConsentRecord, PartnerDirectory
from network.selectors.search import network_search, partner_directories_searchable
from network.services import consent, imports, partners


@permissions.network_search_required
def search(request: HttpRequest) -> HttpResponse:
    form = NetworkSearchForm(request.GET, partners=partner_directories_searchable())
    filters = form.filters()
    page = network_search(
        filters=filters,
        page_number=request.GET.get("page"),
        profile_url=slug_url_builder("members:directory_profile"),
    )
    template = "network/space/search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


# An organization's consent


def _organization_for_contact(request: HttpRequest, slug: str) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_view_organization_space(request.user, organization):
        raise Http404
    return organization


@login_required
def space_consent(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for_contact(request, slug)
    may_change = permissions.can_change_network_consent(request.user, organization)
    listing = consent.network_listing_get(organization=organization)
    form = NetworkConsentForm(
        request.POST or None, initial={"granted": "yes" if listing.feed_consent else "no"}
    )
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            granted = form.cleaned_data["granted"]
            consent.network_consent_change(
                organization=organization, granted=granted, user=request.user
            )
            messages.success(
                request,
                _("Your organization's public profile is now shared with partner clusters.")
                if granted
                else _(
                    "Your organization is no longer shared with partner clusters: they remove "
                    "it at their next import."
                ),
            )
            return redirect("network:space_consent", slug=organization.slug)
    history = NetworkConsentRecord.objects.filter(organization=organization).select_related(
        "recorded_by"
    )[:20]
    return render(
        request,
        "network/space/consent.html",
        {
            "organization": organization,
            "listing": listing,
            "form": form,
            "may_change": may_change,
            "history": history,
        },
    )


# Staff: partner directories


@permissions.staff_required
def staff_partners(request: HttpRequest) -> HttpResponse:
    directories = PartnerDirectory.objects.order_by("name")
    return render(request, "network/staff/partner_list.html", {"directories": directories})


@permissions.staff_required
def staff_partner_create(request: HttpRequest) -> HttpResponse:
    form = PartnerDirectoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = partners.partner_directory_create(values=form.cleaned_data)
        messages.success(request, _("Partner directory added; it is being imported."))
        return redirect("network:staff_partner", pk=partner.pk)
    return render(request, "network/staff/partner_form.html", {"form": form, "partner": None})


@permissions.staff_required
def staff_partner(request: HttpRequest, pk: int) -> HttpResponse:
    """The feed's page: its settings, its last import and the mapping of its taxonomy."""
    partner = get_object_or_404(PartnerDirectory, pk=pk)
    form = PartnerDirectoryForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        partners.partner_directory_update(partner=partner, values=form.cleaned_data)
        messages.success(request, _("Partner directory saved."))
        return redirect("network:staff_partner", pk=partner.pk)
    terms = list(partner.terms.select_related("competence", "sector"))
    return render(
        request,
        "network/staff/partner_detail.html",
        {
            "partner": partner,
            "form": form,
            "mapping": PartnerTermMappingForm(terms=terms),
            "unmapped": sum(1 for t in terms if not (t.ours or t.no_equivalent)),
        },
    )


@permissions.staff_required
@require_POST
def staff_partner_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(PartnerDirectory, pk=pk)
    terms = list(partner.terms.select_related("competence", "sector"))
    form = PartnerTermMappingForm(request.POST, terms=terms)
    if form.is_valid():
        partners.partner_terms_map(partner=partner, choices=form.choices())
        messages.success(request, _("Mapping saved; searches use it from now on."))
        return redirect("network:staff_partner", pk=partner.pk)
    return render(
        request,
        "network/staff/partner_detail.html",
        {
            "partner": partner,
            "form": PartnerDirectoryForm(instance=partner),
            "mapping": form,
            "unmapped": sum(1 for t in terms if not (t.ours or t.no_equivalent)),
        },
        status=400,
    )


@permissions.staff_required
def staff_partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(PartnerDirectory, pk=pk)
    if request.method == "POST":
        partners.partner_directory_delete(partner=partner)
        messages.success(request, _("Partner directory and its organizations removed."))
        return redirect("network:staff_partners")
    return render(request, "network/staff/partner_confirm_delete.html", {"partner": partner})


@permissions.staff_required
@require_POST
def staff_partner_import(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(PartnerDirectory, pk=pk)
    imports.partner_directory_import_queue(partner=partner)
    messages.success(request, _("Import started; reload this page in a moment."))
    return redirect("network:staff_partner", pk=partner.pk)
