"""The innovation awards: the public editions and winners, members' applications in the
member space, the jury's pages (by personal link, or from the member space for a juror who
is a contact), and the back-office (editions, applications, jury, ranking, announcement)."""

from pathlib import PurePath

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community import permissions
from community.forms.awards import (
    ApplicationFilterForm,
    ApplicationForm,
    CategoryFormSet,
    ConflictForm,
    CriterionFormSet,
    DecisionForm,
    EditionFilterForm,
    EditionForm,
    JurorForm,
    JuryScoreForm,
)
from community.models import AwardApplication, AwardAttachment, AwardCategory, Edition, Juror
from community.selectors import awards as selectors
from community.services import awards as services
from core.exports import export_if_requested
from core.links import link_resolve
from core.pagecache import public_page
from members.models import Organization

PUBLIC_PER_PAGE = 10
STAFF_PER_PAGE = 25


def _error_to_form(form, error: services.AwardError) -> None:
    """Show a refusal next to its field when the form has it, above the form otherwise."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _file(attachment: AwardAttachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name or PurePath(attachment.file.name).name
    )


# Public pages.


@public_page("awards", "register")
def award_list(request: HttpRequest) -> HttpResponse:
    # Two queries: the count and the page of editions (with their ceremony).
    page = Paginator(selectors.editions_public(), PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "community/public/awards/edition_list.html", {"page": page, "now": timezone.now()}
    )


@public_page("awards", "register")
def award_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Four queries: the edition (with its ceremony), its categories, its criteria, and its
    # winners (with their organization and category).
    try:
        edition = selectors.edition_public_detail(slug)
    except Edition.DoesNotExist:
        raise Http404 from None
    context = {
        "edition": edition,
        "is_open": edition.is_open(),
        "winners": selectors.edition_winners(edition),
    }
    return render(request, "community/public/awards/edition_detail.html", context)


def award_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An application's document, for staff and the applicant organization's people."""
    attachment = get_object_or_404(AwardAttachment.objects.select_related("application"), pk=pk)
    if not permissions.can_download_award_attachment(request.user, attachment):
        raise Http404
    return _file(attachment)


# Member space.


@permissions.member_required
def space_awards(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    editions = [edition for edition in selectors.open_editions() if edition.is_open(now)]
    context = {
        "open_editions": editions,
        "applications": list(
            selectors.space_applications(permissions.award_applications_of(request.user))
        ),
        "jurors": list(permissions.jurors_of(request.user).select_related("edition")),
    }
    return render(request, "community/space/awards/home.html", context)


@permissions.member_required
def space_award_apply(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.published(), slug=slug)
    if not edition.is_open():
        messages.error(request, services.LATE)
        return redirect("community:award_detail", slug=edition.slug)
    organizations = Organization.objects.filter(
        pk__in=permissions.award_organization_ids(request.user)
    ).order_by("name")
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data,
        request.FILES or None,
        organizations=organizations,
        categories=edition.categories.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                edition=edition,
                category=form.cleaned_data["category"],
                organization=form.cleaned_data["organization"],
                presentation=form.cleaned_data["presentation"],
                public_summary=form.cleaned_data["public_summary"],
                attachments=form.cleaned_data["attachments"],
                contact=permissions.award_contact_of(request.user),
            )
        except services.AwardError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Your application is received."))
            return redirect("community:space_award_application", pk=application.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "community/space/awards/application_form.html",
        {"form": form, "edition": edition},
        status=status,
    )


def _application_for_member(user, pk: int) -> AwardApplication:
    try:
        return selectors.application_detail(permissions.award_applications_of(user), pk)
    except AwardApplication.DoesNotExist:
        raise Http404 from None


@permissions.member_required
def space_award_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_member(request.user, pk)
    can_edit = permissions.can_edit_award_application(request.user, application)
    form = None
    if can_edit:
        data = request.POST if request.method == "POST" else None
        form = ApplicationForm(data, request.FILES or None, instance=application, editing=True)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_update(
                    application=application,
                    presentation=form.cleaned_data["presentation"],
                    public_summary=form.cleaned_data["public_summary"],
                    attachments=form.cleaned_data["attachments"],
                )
            except services.AwardError as error:
                _error_to_form(form, error)
            else:
                messages.success(request, _("Your application is saved."))
                return redirect("community:space_award_application", pk=application.pk)
    elif request.method == "POST":
        messages.error(request, services.LATE)
        return redirect("community:space_award_application", pk=application.pk)
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "community/space/awards/application_detail.html",
        {"application": application, "form": form, "can_edit": can_edit},
        status=status,
    )


@require_POST
@permissions.member_required
def space_award_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_member(request.user, pk)
    try:
        services.application_withdraw(application=application)
    except services.AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("community:space_award_application", pk=application.pk)


# The jury: reached by the personal link of the invitation, or, for a juror who is a
# contact, from the member space by the seat's number.


def _juror_for(request: HttpRequest, ref: str) -> Juror:
    jurors = Juror.objects.select_related("edition", "contact")
    juror = link_resolve(purpose=Juror.LINK_PURPOSE, token=ref, queryset=jurors)
    if juror is None and ref.isdigit() and len(ref) < 10:
        juror = jurors.filter(pk__in=permissions.jurors_of(request.user), pk=int(ref)).first()
    if juror is None or juror.erased_at is not None:
        raise Http404
    return juror


def _jury_home(request, juror: Juror, ref: str, conflict_form=None, status=200) -> HttpResponse:
    declared = juror.conflicts_declared_at is not None
    to_declare = list(
        permissions.applications_to_declare(juror).select_related("organization", "category")
    )
    if conflict_form is None:
        conflict_form = ConflictForm(
            applications=to_declare,
            initial={
                "organizations": [
                    str(pk) for pk in juror.conflicts.values_list("organization_id", flat=True)
                ],
                "no_other_conflict": declared,
            },
        )
    visible = permissions.applications_visible_to_juror(juror)
    context = {
        "juror": juror,
        "edition": juror.edition,
        "ref": ref,
        "declared": declared,
        "conflict_form": conflict_form,
        "applications": list(selectors.juror_applications(juror=juror, visible=visible)),
        "waiting": permissions.applications_since_declaration(juror).count(),
        "criteria_count": juror.edition.criteria.count(),
    }
    return render(request, "community/public/awards/jury_home.html", context, status=status)


@never_cache
def jury_home(request: HttpRequest, ref: str) -> HttpResponse:
    juror = _juror_for(request, ref)
    if request.method == "POST":
        to_declare = list(permissions.applications_to_declare(juror).select_related("organization"))
        form = ConflictForm(request.POST, applications=to_declare)
        if form.is_valid():
            try:
                services.juror_conflicts_declare(
                    juror=juror,
                    organization_ids=form.organization_ids(),
                    no_other_conflict=form.cleaned_data["no_other_conflict"],
                )
            except services.AwardError as error:
                _error_to_form(form, error)
            else:
                messages.success(request, _("Your declaration is saved."))
                return redirect("community:jury_home", ref=ref)
        return _jury_home(request, juror, ref, conflict_form=form, status=400)
    return _jury_home(request, juror, ref)


def _visible_application(juror: Juror, pk: int) -> AwardApplication:
    """An application the juror may see; any other (their own organization's, a declared
    conflict, another edition's) does not exist for them."""
    try:
        return selectors.application_detail(permissions.applications_visible_to_juror(juror), pk)
    except AwardApplication.DoesNotExist:
        raise Http404 from None


@never_cache
def jury_application(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    juror = _juror_for(request, ref)
    application = _visible_application(juror, pk)
    criteria = selectors.criteria_of(juror.edition)
    data = request.POST if request.method == "POST" else None
    form = JuryScoreForm(
        data,
        criteria=criteria,
        initial_scores=selectors.juror_scores(juror=juror, application=application),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.jury_score(juror=juror, application=application, values=form.values())
        except services.AwardError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("community:jury_home", ref=ref)
    context = {
        "juror": juror,
        "edition": juror.edition,
        "ref": ref,
        "application": application,
        "form": form,
        "can_score": juror.edition.is_scoring() and not juror.edition.is_announced,
    }
    status = 400 if form.errors else 200
    return render(request, "community/public/awards/jury_application.html", context, status=status)


@never_cache
def jury_attachment(request: HttpRequest, ref: str, pk: int) -> FileResponse:
    juror = _juror_for(request, ref)
    attachment = get_object_or_404(
        AwardAttachment.objects.filter(
            application__in=permissions.applications_visible_to_juror(juror)
        ),
        pk=pk,
    )
    return _file(attachment)


# Back-office: editions.


@permissions.staff_required
def staff_awards(request: HttpRequest) -> HttpResponse:
    form = EditionFilterForm(request.GET)
    page = Paginator(selectors.editions_staff_list(**form.filters()), STAFF_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = "community/staff/awards/edition_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
def staff_award_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk) if pk else Edition()
    data = request.POST if request.method == "POST" else None
    form = EditionForm(data, instance=edition)
    categories = CategoryFormSet(data, instance=edition, prefix="categories")
    criteria = CriterionFormSet(data, instance=edition, prefix="criteria")
    if request.method == "POST" and all(
        [form.is_valid(), categories.is_valid(), criteria.is_valid()]
    ):
        edition = services.edition_save(
            form=form, categories=categories, criteria=criteria, user=request.user
        )
        messages.success(request, _("The edition is saved."))
        return redirect("community:staff_award_applications", pk=edition.pk)
    context = {"form": form, "categories": categories, "criteria": criteria, "object": edition}
    status = 400 if request.method == "POST" else 200
    return render(request, "community/staff/awards/edition_form.html", context, status=status)


@require_POST
@permissions.staff_required
def staff_award_publish(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    published = request.POST.get("published") == "1"
    services.edition_publish(edition=edition, published=published)
    if published:
        messages.success(request, _("The edition is published."))
    else:
        messages.success(request, _("The edition is no longer published."))
    return redirect("community:staff_awards")


# Back-office: applications.


@permissions.staff_required
def staff_award_applications(request: HttpRequest, pk: int) -> HttpResponse:
    # Three queries: the edition, the count and the page of applications (with category,
    # organization, who applied and the number of attachments); the filter's categories are
    # read when the form renders (one more, the same for any number of rows).
    edition = get_object_or_404(Edition, pk=pk)
    form = ApplicationFilterForm(request.GET, edition=edition)
    filters = form.filters()
    applications = selectors.applications_staff_list(edition=edition, **filters)
    if export := export_if_requested(
        request,
        filename=f"award-applications-{edition.slug}",
        table=lambda: selectors.applications_export_rows(applications=applications),
    ):
        return export
    page = Paginator(applications, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "community/staff/awards/application_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form, "edition": edition})


@permissions.staff_required
def staff_award_application(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = selectors.application_detail(AwardApplication.objects.all(), pk)
    except AwardApplication.DoesNotExist:
        raise Http404 from None
    return render(
        request, "community/staff/awards/application_detail.html", {"application": application}
    )


@permissions.staff_required
def staff_award_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data,
        request.FILES or None,
        organizations=Organization.objects.members().order_by("name"),
        categories=edition.categories.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                edition=edition,
                category=form.cleaned_data["category"],
                organization=form.cleaned_data["organization"],
                presentation=form.cleaned_data["presentation"],
                public_summary=form.cleaned_data["public_summary"],
                attachments=form.cleaned_data["attachments"],
                nominated_by=request.user,
            )
        except services.AwardError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The organization is nominated; its people are told."))
            return redirect("community:staff_award_applications", pk=edition.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "community/staff/awards/nominate.html",
        {"form": form, "edition": edition},
        status=status,
    )


# Back-office: jury, ranking, announcement.


@permissions.staff_required
def staff_award_jury(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = JurorForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            juror = services.juror_add(edition=edition, **form.cleaned_data)
        except services.AwardError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("%(name)s is invited to the jury.") % {"name": juror.name})
            return redirect("community:staff_award_jury", pk=edition.pk)
    context = {
        "edition": edition,
        "form": form,
        "jurors": list(selectors.jurors_staff_list(edition=edition)),
        "can_change": edition.is_scoring() and not edition.is_announced,
    }
    status = 400 if form.errors else 200
    return render(request, "community/staff/awards/jury.html", context, status=status)


@require_POST
@permissions.staff_required
def staff_award_juror_resend(request: HttpRequest, pk: int) -> HttpResponse:
    juror = get_object_or_404(Juror, pk=pk)
    try:
        services.juror_invitation_resend(juror=juror)
    except services.AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation is sent again to %(name)s; the former link no longer works.")
            % {"name": juror.name},
        )
    return redirect("community:staff_award_jury", pk=juror.edition_id)


@require_POST
@permissions.staff_required
def staff_award_juror_remove(request: HttpRequest, pk: int) -> HttpResponse:
    juror = get_object_or_404(Juror, pk=pk)
    try:
        services.juror_remove(juror=juror)
    except services.AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is no longer on the jury.") % {"name": juror.name})
    return redirect("community:staff_award_jury", pk=juror.edition_id)


@permissions.staff_required
def staff_award_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    jurors, rankings = selectors.edition_ranking(edition=edition)
    for ranking in rankings:
        ranking.form = DecisionForm(
            initial={"deliberation": ranking.category.deliberation},
            applications=[row.application for row in ranking.rows],
            prefix=f"category-{ranking.category.pk}",
        )
        ranking.cells = [
            (row, [row.by_juror.get(juror.pk) for juror in jurors]) for row in ranking.rows
        ]
    context = {
        "edition": edition,
        "jurors": jurors,
        "rankings": rankings,
        "recipients": services.announcement_recipients(edition),
    }
    return render(request, "community/staff/awards/ranking.html", context)


@require_POST
@permissions.staff_required
def staff_award_decide(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(AwardCategory.objects.select_related("edition"), pk=pk)
    applications = AwardApplication.objects.filter(
        category=category, status=AwardApplication.Status.SUBMITTED
    ).select_related("organization")
    form = DecisionForm(request.POST, applications=applications, prefix=f"category-{category.pk}")
    if form.is_valid():
        try:
            services.category_decide(
                category=category,
                deliberation=form.cleaned_data["deliberation"],
                results=form.results(),
            )
        except services.AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The decision on “%(name)s” is saved.") % {"name": category.name}
            )
    else:
        messages.error(request, _("The decision could not be saved: check the results chosen."))
    return redirect("community:staff_award_ranking", pk=category.edition_id)


@require_POST
@permissions.staff_required
def staff_award_announce(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    try:
        told = services.edition_announce(edition=edition)
    except services.AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "The winners are announced; %(count)s applicant is being told their result.",
                "The winners are announced; %(count)s applicants are being told their result.",
                told,
            )
            % {"count": told},
        )
    return redirect("community:staff_award_ranking", pk=edition.pk)
