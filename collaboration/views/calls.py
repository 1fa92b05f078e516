"""Calls for collaborative projects: the public calls and success stories, the member space
(projects, submitting an idea, expressing interest, answering it, agreeing to the story),
and the back-office (calls, projects list and board, a project's stages, story and scores,
the call's ranking)."""

from pathlib import PurePath

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration import permissions
from collaboration.forms.calls import (
    BoardFilterForm,
    CallDocumentFormSet,
    CallFilterForm,
    CallForm,
    CriterionFormSet,
    InterestForm,
    ProjectFilterForm,
    ProjectForm,
    ScoreForm,
    StageForm,
    StoryForm,
)
from collaboration.models import Call, CallDocument, Participation, Project
from collaboration.selectors import calls as selectors
from collaboration.services import calls as services
from core.exports import export_if_requested
from core.pagecache import public_page
from members.models import Organization

PUBLIC_PER_PAGE = 10
SPACE_PER_PAGE = 20
STAFF_PER_PAGE = 25


# Public pages.


@public_page("calls", "register")
def call_list(request: HttpRequest) -> HttpResponse:
    # Three queries: the count and page of calls, the success stories' projects, and their
    # consortia.
    now = timezone.now()
    page = Paginator(selectors.calls_public(now), PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "stories": list(selectors.success_stories()[:3]), "now": now}
    return render(request, "collaboration/public/call_list.html", context)


@public_page("calls", "register")
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        call = selectors.call_public_detail(slug)
    except Call.DoesNotExist:
        raise Http404 from None
    context = {
        "call": call,
        "is_open": call.is_open(),
        "stories": list(selectors.success_stories(call=call)),
    }
    return render(request, "collaboration/public/call_detail.html", context)


@public_page("calls", "register")
def stories(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.success_stories(), PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "collaboration/public/stories.html", {"page": page})


def call_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A document of a published call (staff also reach those of drafts)."""
    document = get_object_or_404(
        CallDocument.objects.select_related("call"), pk=pk, call__slug=slug
    )
    if not permissions.can_download_call_document(request.user, document):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(document.file.name).name)


# Member space.


@permissions.member_required
def space_projects(request: HttpRequest) -> HttpResponse:
    # Four queries: the user's organizations (member_required), the open calls, the count
    # and the page of projects.
    form = ProjectFilterForm(request.GET)
    del form.fields["stage"]
    form.fields["call"].queryset = permissions.calls_visible_to(request.user)
    filters = form.filters()
    projects = selectors.projects_member_list(call=filters["call"], query=filters["query"])
    page = Paginator(projects, SPACE_PER_PAGE).get_page(request.GET.get("page"))
    template = "collaboration/space/project_list.html"
    if request.htmx:
        template += "#results"
    context = {
        "page": page,
        "filter_form": form,
        "open_calls": list(selectors.calls_open()),
        "mine": False,
    }
    return render(request, template, context)


@permissions.member_required
def space_my_projects(request: HttpRequest) -> HttpResponse:
    projects = selectors.projects_member_list(
        organization_ids=permissions.organization_ids_of(request.user)
    )
    page = Paginator(projects, SPACE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/space/project_list.html",
        {"page": page, "mine": True, "open_calls": []},
    )


@permissions.member_required
def space_project_submit(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call.objects.published(), slug=slug)
    if not call.is_open():
        messages.error(request, _("This call no longer takes projects: its deadline has passed."))
        return redirect("collaboration:call_detail", slug=call.slug)
    organizations = permissions.organizations_of(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_submit(
                call=call,
                organization=data["organization"],
                contact=permissions.contact_of(request.user),
                title=data["title"],
                summary=data["summary"],
                competences=data["sought_competences"],
            )
        except services.CallError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your project is submitted to the call."))
            return redirect("collaboration:space_project", slug=project.slug)
    return render(request, "collaboration/space/project_form.html", {"form": form, "call": call})


def _project_for_member(user, slug: str) -> Project:
    try:
        project = selectors.project_member_detail(slug)
    except Project.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_project(user, project):
        raise Http404
    return project


def _space_project_page(
    request: HttpRequest, project: Project, interest_form=None, status=200
) -> HttpResponse:
    user = request.user
    participations = list(project.participations.all())
    can_lead = permissions.can_answer_interests(user, project)
    organizations = permissions.interest_organizations(user, project)
    if interest_form is None and project.call.is_open() and organizations.exists():
        interest_form = InterestForm(organizations=organizations)
    context = {
        "project": project,
        "call": project.call,
        "can_lead": can_lead,
        "consortium": [p for p in participations if p.status == Participation.Status.ACCEPTED],
        "pending": [
            p
            for p in participations
            if p.status == Participation.Status.PENDING and permissions.can_see_interest(user, p)
        ],
        "others": [
            p
            for p in participations
            if p.status in (Participation.Status.DECLINED, Participation.Status.WITHDRAWN)
            and permissions.can_see_interest(user, p)
        ],
        "mine": [p for p in participations if permissions.can_consent_to_story(user, p)],
        "interest_form": interest_form,
        "is_open": project.call.is_open(),
    }
    return render(request, "collaboration/space/project_detail.html", context, status=status)


@permissions.member_required
def space_project(request: HttpRequest, slug: str) -> HttpResponse:
    return _space_project_page(request, _project_for_member(request.user, slug))


@require_POST
@permissions.member_required
def space_project_interest(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project_for_member(request.user, slug)
    # Any of the user's organizations is offered, so that the refusals below (the lead's
    # own, a second one) are told in words rather than as an invalid choice.
    form = InterestForm(request.POST, organizations=permissions.organizations_of(request.user))
    if form.is_valid():
        try:
            services.interest_express(
                project=project,
                organization=form.cleaned_data["organization"],
                contact=permissions.contact_of(request.user),
                contribution=form.cleaned_data["contribution"],
            )
        except services.CallError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your interest is sent: the project lead will accept or decline it.")
            )
            return redirect("collaboration:space_project", slug=project.slug)
    return _space_project_page(request, project, interest_form=form, status=400)


def _participation_for(user, pk: int, allowed) -> Participation:
    participation = get_object_or_404(
        Participation.objects.select_related("project", "project__call", "organization"), pk=pk
    )
    if not permissions.can_view_project(user, participation.project) or not allowed(
        user, participation
    ):
        raise Http404
    return participation


@require_POST
@permissions.member_required
def space_interest_decide(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation_for(request.user, pk, permissions.can_answer_interest)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
    else:
        try:
            services.interest_decide(participation=participation, accepted=decision == "accept")
        except services.CallError as error:
            messages.error(request, error.message)
        else:
            if decision == "accept":
                message = _("%(name)s joins the consortium.")
            else:
                message = _("The interest of %(name)s is declined.")
            messages.success(request, message % {"name": participation.organization.name})
    return redirect("collaboration:space_project", slug=participation.project.slug)


@require_POST
@permissions.member_required
def space_story_consent(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation_for(request.user, pk, permissions.can_consent_to_story)
    agreed = request.POST.get("agreed") == "1"
    try:
        services.story_consent_set(participation=participation, agreed=agreed)
    except services.CallError as error:
        messages.error(request, error.message)
    else:
        if agreed:
            messages.success(request, _("Your organization agrees to the success story."))
        else:
            messages.success(request, _("Your organization no longer agrees to the success story."))
    return redirect("collaboration:space_project", slug=participation.project.slug)


# Back-office: calls.


@permissions.staff_required
def staff_calls(request: HttpRequest) -> HttpResponse:
    form = CallFilterForm(request.GET)
    page = Paginator(selectors.calls_staff_list(**form.filters()), STAFF_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = "collaboration/staff/call_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form, "now": timezone.now()})


@permissions.staff_required
def staff_call_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk) if pk else Call()
    data = request.POST if request.method == "POST" else None
    form = CallForm(data, instance=call)
    criteria = CriterionFormSet(data, instance=call, prefix="criteria")
    documents = CallDocumentFormSet(data, request.FILES or None, instance=call, prefix="documents")
    if request.method == "POST" and all(
        [form.is_valid(), criteria.is_valid(), documents.is_valid()]
    ):
        call = services.call_save(
            form=form, criteria=criteria, documents=documents, user=request.user
        )
        messages.success(request, _("The call is saved."))
        return redirect("collaboration:staff_calls")
    context = {"form": form, "criteria": criteria, "documents": documents, "object": call}
    return render(request, "collaboration/staff/call_form.html", context)


@require_POST
@permissions.staff_required
def staff_call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    published = request.POST.get("published") == "1"
    services.call_publish(call=call, published=published)
    if published:
        messages.success(request, _("The call is published."))
    else:
        messages.success(request, _("The call is no longer published."))
    return redirect("collaboration:staff_calls")


@permissions.staff_required
def staff_call_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    criteria, ranking = selectors.call_ranking(call=call)
    return render(
        request,
        "collaboration/staff/call_ranking.html",
        {"call": call, "criteria": criteria, "ranking": ranking},
    )


# Back-office: projects.


@permissions.staff_required
def staff_projects(request: HttpRequest) -> HttpResponse:
    # Three queries: the calls of the filter, the count, the page (with call, lead and the
    # consortium's counts).
    form = ProjectFilterForm(request.GET)
    # From an organization's 360° page: the projects it leads or is a partner of.
    organization = None
    if slug := request.GET.get("organization"):
        organization = get_object_or_404(Organization, slug=slug)
    projects = selectors.projects_staff_list(**form.filters(), organization=organization)
    if export := export_if_requested(
        request,
        filename="collaborative-projects",
        table=lambda: selectors.projects_export_rows(projects=projects),
    ):
        return export
    page = Paginator(projects, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "collaboration/staff/project_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request, template, {"page": page, "filter_form": form, "organization": organization}
    )


@permissions.staff_required
def staff_board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET)
    columns = selectors.projects_board(**form.filters())
    return render(
        request, "collaboration/staff/board.html", {"columns": columns, "filter_form": form}
    )


def _staff_project_page(
    request: HttpRequest,
    project: Project,
    *,
    stage_form=None,
    story_form=None,
    score_form=None,
    status=200,
) -> HttpResponse:
    user = request.user
    criteria = list(project.call.criteria.all())
    can_score = permissions.can_score_project(user, project)
    if score_form is None and can_score and criteria:
        mine = {score.criterion_id: score.value for score in project.scores.filter(scorer=user)}
        score_form = ScoreForm(criteria=criteria, initial_scores=mine)
    stage_form = stage_form or StageForm(
        initial={
            "stage": project.stage,
            "label_decision": project.label_decision,
            "label_decided_on": project.label_decided_on,
        }
    )
    participations = list(project.participations.all())
    context = {
        "project": project,
        "call": project.call,
        "participations": participations,
        "consortium": [p for p in participations if p.status == Participation.Status.ACCEPTED],
        "stage_form": stage_form,
        "story_form": story_form or StoryForm(instance=project),
        "score_form": score_form if can_score else None,
        "can_score": can_score,
        "criteria": criteria,
        "scores": selectors.project_scores_by_scorer(project=project),
        "history": list(project.stage_changes.all()),
    }
    return render(request, "collaboration/staff/project_detail.html", context, status=status)


def _project_for_staff(pk: int) -> Project:
    try:
        return selectors.project_staff_detail(pk)
    except Project.DoesNotExist:
        raise Http404 from None


@permissions.staff_required
def staff_project(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_project_page(request, _project_for_staff(pk))


@require_POST
@permissions.staff_required
def staff_project_stage(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for_staff(pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _staff_project_page(request, project, stage_form=form, status=400)
    services.project_stage_change(
        project=project,
        stage=form.cleaned_data["stage"],
        label_decision=form.cleaned_data["label_decision"],
        label_decided_on=form.cleaned_data["label_decided_on"],
        note=form.cleaned_data["note"],
        user=request.user,
    )
    messages.success(request, _("The project's stage is saved."))
    return redirect("collaboration:staff_project", pk=project.pk)


@require_POST
@permissions.staff_required
def staff_project_story(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for_staff(pk)
    form = StoryForm(request.POST, instance=Project(pk=project.pk))
    if not form.is_valid():
        return _staff_project_page(request, project, story_form=form, status=400)
    services.project_story_save(
        project=project,
        is_success_story=form.cleaned_data["is_success_story"],
        story_fr=form.cleaned_data["story_fr"],
        story_en=form.cleaned_data["story_en"],
    )
    messages.success(request, _("The success story is saved."))
    return redirect("collaboration:staff_project", pk=project.pk)


@require_POST
@permissions.staff_required
def staff_project_score(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for_staff(pk)
    if not permissions.can_score_project(request.user, project):
        messages.error(
            request,
            _("You belong to an organization of this project's consortium: you cannot score it."),
        )
        return redirect("collaboration:staff_project", pk=project.pk)
    form = ScoreForm(request.POST, criteria=project.call.criteria.all())
    if form.is_valid():
        try:
            services.project_score(
                project=project,
                scorer=request.user,
                values=form.values(),
                comment=form.cleaned_data["comment"],
                no_conflict_declared=form.cleaned_data["no_conflict_declared"],
            )
        except services.CallError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("collaboration:staff_project", pk=project.pk)
    return _staff_project_page(request, project, score_form=form, status=400)
