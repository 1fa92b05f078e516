"""Joining: the public application form and the staff's review queue."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.animators import animator_seen
from core.forms import StatusFilterForm
from core.http import client_ip
from members import panels, permissions
from members.forms.joining import ApplicationApproveForm, ApplicationRejectForm, JoinForm
from members.models import FeeBand, MembershipApplication
from members.selectors import joining as joining_selectors
from members.services import joining

APPLICATIONS_PER_PAGE = 25


@never_cache
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not joining.join_submission_allowed(client_ip=client_ip(request)):
            form.add_error(
                None,
                _(
                    "Too many applications were sent from your connection in the last hour. "
                    "Please try again later, or write to %(email)s."
                )
                % {"email": settings.CONTACT_EMAIL},
            )
            return _join_page(request, form, status=429)
        if form.is_spam():
            # Robots get the same answer as people, and nothing is stored or sent.
            return redirect("members:join_thanks")
        data = form.cleaned_data
        joining.application_submit(
            organization=joining.ApplicantOrganization(
                name=data["organization_name"],
                kind=data["kind"],
                siren=data["siren"],
                siret=data["siret"],
                naf_code=data["naf_code"],
                headcount_band=data["headcount_band"],
                postal_code=data["postal_code"],
                city=data["city"],
                website=data["website"],
            ),
            contact=joining.ApplicantContact(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                job_title=data["job_title"],
                preferred_language=data["preferred_language"],
            ),
            category=data.get("category"),
            motivation=data["motivation"],
            newsletter_consent=data["consent_newsletter"],
        )
        return redirect("members:join_thanks")
    return _join_page(request, form)


def _join_page(request: HttpRequest, form: JoinForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "members/public/application_form.html",
        {
            "form": form,
            "organization_fields": [form[name] for name in JoinForm.ORGANIZATION_FIELDS],
            "contact_fields": [form[name] for name in JoinForm.CONTACT_FIELDS],
            "panels": panels.join_page.build(),
        },
        status=status,
    )


def join_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "members/public/application_thanks.html")


@permissions.staff_required
def staff_applications(request: HttpRequest) -> HttpResponse:
    # The queue was looked at: the dashboard counts new applications from now on.
    animator_seen(user=request.user, what="applications")
    filter_form = StatusFilterForm(
        request.GET,
        choices=MembershipApplication.Status.choices,
        all_label=_("All, pending first"),
    )
    status = filter_form.filters()["status"]
    applications = joining_selectors.application_queue()
    if status:
        applications = applications.filter(status=status)
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff/application_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"page": page, "filter_form": filter_form},
    )


@permissions.staff_required
def staff_application(request: HttpRequest, pk: int) -> HttpResponse:
    """One application, its duplicate warnings, and the approve and reject forms."""
    application = get_object_or_404(
        MembershipApplication.objects.select_related(
            "organization", "contact", "category", "membership", "reviewed_by"
        ),
        pk=pk,
    )
    organization = application.organization
    action = request.POST.get("action") if request.method == "POST" else None
    first_period = joining_selectors.application_first_period(application=application)
    approve_form = ApplicationApproveForm(
        request.POST if action == "approve" else None,
        prefix="approve",
        headcount_band=organization.headcount_band,
        initial={
            "category": application.category,
            "dues_amount": first_period.amount,
        },
    )
    reject_form = ApplicationRejectForm(
        request.POST if action == "reject" else None, prefix="reject"
    )
    if action == "approve" and approve_form.is_valid():
        return _decide(
            request,
            application,
            lambda: joining.application_approve(
                application=application,
                reviewer=request.user,
                category=approve_form.cleaned_data["category"],
                dues_amount=approve_form.cleaned_data["dues_amount"],
                message=approve_form.cleaned_data["message"],
            ),
            _("Application approved: %(name)s is a member and its contact was invited."),
        )
    if action == "reject" and reject_form.is_valid():
        return _decide(
            request,
            application,
            lambda: joining.application_reject(
                application=application,
                reviewer=request.user,
                message=reject_form.cleaned_data["message"],
            ),
            _("Application of %(name)s rejected; the applicant was told."),
        )
    fee_bands = FeeBand.objects.filter(headcount_band=organization.headcount_band).select_related(
        "category"
    )
    return render(
        request,
        "members/staff/application_detail.html",
        {
            "application": application,
            "organization": organization,
            "duplicates": joining_selectors.application_duplicates(application=application),
            "approve_form": approve_form,
            "reject_form": reject_form,
            "fee_bands": fee_bands,
            "first_period": first_period,
        },
    )


def _decide(request, application, decision, success_message: str) -> HttpResponse:
    try:
        decision()
    except joining.ApplicationError:
        messages.error(request, _("This application was already decided."))
    else:
        messages.success(request, success_message % {"name": application.organization.name})
    return redirect("members:staff_application", pk=application.pk)
