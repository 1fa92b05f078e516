"""The member space's pages that read several apps: its home page and the person's own
data (consents and a copy of everything held about them)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from members.forms.consents import ConsentForm
from members.models import Affiliation, ConsentRecord, Contact
from members.services.consents import consent_answers, consent_choose
from portal import permissions
from portal.services import personal_data
from portal.services.space import space_home


@permissions.member_required
def space_dashboard(request: HttpRequest) -> HttpResponse:
    affiliations = list(permissions.affiliations_of(request.user).order_by("organization__name"))
    # One query for every colleague of every organization shown, not one per organization.
    colleagues = (
        Affiliation.objects.filter(organization__in=[a.organization_id for a in affiliations])
        .select_related("contact")
        .order_by("contact__last_name", "contact__first_name")
    )
    by_organization: dict[int, list] = {}
    for colleague in colleagues:
        by_organization.setdefault(colleague.organization_id, []).append(colleague)
    cards = [
        {
            "affiliation": affiliation,
            "organization": affiliation.organization,
            "people": by_organization[affiliation.organization_id],
        }
        for affiliation in affiliations
    ]
    home = space_home(user=request.user, affiliations=affiliations)
    return render(request, "portal/space/dashboard.html", {"cards": cards, **home})


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
            consent_choose(
                contact=contact,
                purpose=form.cleaned_data["purpose"],
                granted=form.cleaned_data["granted"],
            )
            messages.success(request, _("Your choice is recorded."))
        else:
            messages.error(request, _("This choice could not be recorded."))
        return redirect("portal:space_my_data")
    answers = consent_answers(contact=contact)
    consents = [
        {
            "purpose": purpose,
            "label": label,
            "help": PURPOSE_HELP[purpose],
            "answer": answers[purpose],
        }
        for purpose, label in ConsentRecord.Purpose.choices
    ]
    return render(request, "portal/space/my_data.html", {"contact": contact, "consents": consents})


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
