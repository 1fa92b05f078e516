"""Invitations into an organization's member space: sent by staff or by the organization's
admins, and accepted through the emailed link."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from members import permissions, services
from members.forms.invitations import InvitationAcceptForm, InvitationForm
from members.models import Invitation, Organization
from members.selectors import invitations as invitation_selectors
from members.views.profiles import get_organization_for_manager


def invite(request: HttpRequest, organization: Organization, template: str) -> HttpResponse:
    """The invitation form, shared by staff and organization admins (who checked access)."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organization=organization, invited_by=request.user, **form.cleaned_data
            )
        except services.InvitationError:
            form.add_error("email", _("This person already has access to this organization."))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(request.path)
    pending = Invitation.objects.pending().filter(organization=organization)
    return render(
        request, template, {"organization": organization, "form": form, "pending": pending}
    )


@permissions.member_required
def space_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_manager(request, slug)
    return invite(request, organization, "members/space/invitation_form.html")


@permissions.staff_required
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    return invite(request, organization, "members/staff/invitation_form.html")


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_selectors.invitation_find(token=token)
    if invitation is None:
        return render(request, "members/public/invitation_invalid.html", status=410)
    if invitation_selectors.invitation_has_login(invitation=invitation):
        return _invitation_accept_existing_login(request, invitation)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except services.InvitationError:
            # A second submission (double click, another tab) after the first one used it.
            return render(request, "members/public/invitation_invalid.html", status=410)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome! Your password is set."))
        return redirect("portal:space_dashboard")
    return render(
        request, "members/public/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_accept_existing_login(request: HttpRequest, invitation: Invitation):
    """The address already has a login: its owner signs in, then accepts; no new password."""
    is_owner = request.user.is_authenticated and request.user.email.lower() == invitation.email
    if request.method == "POST" and is_owner:
        try:
            services.invitation_accept(invitation=invitation, password=None)
        except services.InvitationError:
            return render(request, "members/public/invitation_invalid.html", status=410)
        messages.success(
            request,
            _("You now have access to %(organization)s.")
            % {"organization": invitation.organization.name},
        )
        return redirect("portal:space_dashboard")
    return render(
        request,
        "members/public/invitation_accept.html",
        {"invitation": invitation, "form": None, "is_owner": is_owner},
    )
