"""Self-service pages of the member space: the organization's profile and people (for its
admins and staff), the person's own data (consents, export), and staff erasure."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import permissions
from members.forms_profiles import AffiliationAccessForm, ConsentForm, OrganizationProfileForm
from members.models import Affiliation, ConsentRecord, Contact, Organization
from members.services import personal_data, profiles
from members.views.space import get_organization_for_manager


@permissions.member_required
def space_profile_home(request: HttpRequest) -> HttpResponse:
    """The "Profile" link of the menu: straight to the profile when the person runs one
    organization, to the dashboard (which links each profile) otherwise."""
    administered = list(
        permissions.affiliations_of(request.user)
        .filter(access=Affiliation.Access.ADMIN)
        .values_list("organization__slug", flat=True)[:2]
    )
    if len(administered) == 1:
        return redirect("members:space_profile", slug=administered[0])
    return redirect("members:space_dashboard")


@login_required
def space_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    form = OrganizationProfileForm(
        request.POST or None, request.FILES or None, organization=organization
    )
    if request.method == "POST" and form.is_valid():
        profiles.organization_profile_update(
            organization=organization,
            data=form.cleaned_data,
            logo=form.cleaned_data["logo"],
            updated_by=request.user,
        )
        messages.success(request, _("The profile is saved."))
        return redirect("members:space_profile", slug=organization.slug)
    return render(
        request, "members/space_profile.html", {"organization": organization, "form": form}
    )


def _contacts_page(request: HttpRequest, organization: Organization) -> HttpResponse:
    affiliations = (
        Affiliation.objects.filter(organization=organization)
        .select_related("contact")
        .order_by("contact__last_name", "contact__first_name", "pk")
    )
    return render(
        request,
        "members/space_contacts.html",
        {
            "organization": organization,
            "affiliations": affiliations,
            "access_choices": Affiliation.Access.choices,
        },
    )


@login_required
def space_contacts(request: HttpRequest, slug: str) -> HttpResponse:
    return _contacts_page(request, get_organization_for_manager(request, slug))


def _affiliation_of(organization: Organization, pk: int) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.select_related("contact", "organization"),
        organization=organization,
        pk=pk,
    )


@login_required
@require_POST
def space_contact_access(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    affiliation = _affiliation_of(organization, pk)
    form = AffiliationAccessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a portal role."))
    else:
        try:
            profiles.affiliation_access_set(
                affiliation=affiliation,
                access=form.cleaned_data["access"],
                changed_by=request.user,
            )
        except profiles.LastAdminError:
            messages.error(
                request,
                _("%(name)s is the organization's only admin: make someone else admin first.")
                % {"name": affiliation.contact.full_name},
            )
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {
                    "name": affiliation.contact.full_name,
                    "role": affiliation.get_access_display(),
                },
            )
    return redirect("members:space_contacts", slug=organization.slug)


@login_required
def space_contact_detach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    affiliation = _affiliation_of(organization, pk)
    if request.method == "POST":
        try:
            profiles.affiliation_detach(affiliation=affiliation, detached_by=request.user)
        except profiles.LastAdminError:
            messages.error(
                request,
                _("%(name)s is the organization's only admin and cannot be detached.")
                % {"name": affiliation.contact.full_name},
            )
            return redirect("members:space_contacts", slug=organization.slug)
        messages.success(
            request,
            _("%(name)s no longer belongs to %(organization)s.")
            % {"name": affiliation.contact.full_name, "organization": organization.name},
        )
        if affiliation.contact.user_id == request.user.pk and not permissions.is_animator(
            request.user
        ):
            # Detaching oneself ends one's access to this organization's pages.
            still_member = permissions.is_member_contact(request.user)
            return redirect("members:space_dashboard" if still_member else "core:home")
        return redirect("members:space_contacts", slug=organization.slug)
    return render(
        request,
        "members/space_contacts_detach.html",
        {
            "organization": organization,
            "affiliation": affiliation,
            "is_self": affiliation.contact.user_id == request.user.pk,
        },
    )


# Personal data


def _own_contact(request: HttpRequest) -> Contact:
    contact = Contact.objects.filter(user=request.user).first()
    if contact is None:
        # Accounts without a contact (staff) hold no member data beyond the account itself.
        raise Http404
    return contact


# Lazy: translated when a page shows them, in that page's language.
PURPOSE_HELP = {
    ConsentRecord.Purpose.NEWSLETTER: gettext_lazy("Receive the cluster's newsletter by email."),
    ConsentRecord.Purpose.DIRECTORY: gettext_lazy(
        "Appear by name among the contacts of my organization in the member directory."
    ),
    ConsentRecord.Purpose.EVENT_PHOTOS: gettext_lazy(
        "Appear on photos taken at the cluster's events."
    ),
}


@login_required
def space_my_data(request: HttpRequest) -> HttpResponse:
    contact = _own_contact(request)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            personal_data.consent_choose(
                contact=contact,
                purpose=form.cleaned_data["purpose"],
                granted=form.cleaned_data["granted"],
            )
            messages.success(request, _("Your choice is recorded."))
        else:
            messages.error(request, _("This choice could not be recorded."))
        return redirect("members:space_my_data")
    answers = personal_data.consent_answers(contact=contact)
    consents = [
        {
            "purpose": purpose,
            "label": label,
            "help": PURPOSE_HELP[purpose],
            "answer": answers[purpose],
        }
        for purpose, label in ConsentRecord.Purpose.choices
    ]
    return render(request, "members/space_my_data.html", {"contact": contact, "consents": consents})


@login_required
@never_cache
def space_my_data_export(request: HttpRequest) -> HttpResponse:
    contact = _own_contact(request)
    data = personal_data.personal_data_export(contact=contact)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permissions.staff_required
def staff_contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.select_related("user").annotate(
            affiliation_count=Count("affiliations", distinct=True),
            interaction_count=Count("interactions", distinct=True),
        ),
        pk=pk,
    )
    error = None
    # Looked up before erasing: afterwards no name is left to find them by.
    mentions = personal_data.free_text_mentions(contact=contact)
    if request.method == "POST" and contact.anonymised_at is None:
        try:
            personal_data.contact_erase(contact=contact, erased_by=request.user)
        except personal_data.ErasureError:
            error = _("This person has a staff account: close it from the Django admin.")
        else:
            messages.success(request, _("The person is erased; their history stays counted."))
            # Rendered rather than redirected: the records to review are listed one last time.
            contact.refresh_from_db()
    return render(
        request,
        "members/staff_contact_erase.html",
        {"contact": contact, "error": error, "mentions": mentions},
    )
