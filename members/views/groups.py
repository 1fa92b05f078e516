"""Working groups: the staff pages that run them and the member-space pages where contacts
ask to join, meet the other members and share documents.

A group's page and documents are for its accepted members and staff only; anyone else gets
a 404, so that a group's existence is not confirmed to outsiders either.
"""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import StatusFilterForm
from members import panels, permissions
from members.forms.groups import GroupDocumentForm, GroupRoleForm, WorkingGroupForm
from members.models import (
    Contact,
    WorkingGroup,
    WorkingGroupDocument,
    WorkingGroupMember,
)
from members.selectors import groups as group_selectors
from members.services import groups as group_services

GROUPS_PER_PAGE = 30


def _split_by_status(memberships) -> tuple[list, list]:
    accepted, requested = [], []
    for membership in memberships:
        if membership.status == WorkingGroupMember.Status.ACCEPTED:
            accepted.append(membership)
        elif membership.status == WorkingGroupMember.Status.REQUESTED:
            requested.append(membership)
    return accepted, requested


def _request_in_group(group: WorkingGroup, pk: int) -> WorkingGroupMember:
    return get_object_or_404(
        WorkingGroupMember.objects.select_related("contact"), group=group, pk=pk
    )


def _decide(request: HttpRequest, membership: WorkingGroupMember, *, accept: bool) -> None:
    try:
        group_services.group_request_decide(
            membership=membership, accept=accept, decided_by=request.user
        )
    except group_services.GroupNotActiveError:
        messages.error(
            request, _("This group is not active: it takes no new members until it is again.")
        )
        return
    except group_services.GroupError:
        messages.error(request, _("This request was already decided."))
        return
    if accept:
        message = _("%(name)s joined the group.")
    else:
        message = _("The request of %(name)s was declined.")
    messages.success(request, message % {"name": membership.contact.full_name})


# Staff back-office


@permissions.staff_required
def staff_groups(request: HttpRequest) -> HttpResponse:
    filter_form = StatusFilterForm(request.GET, choices=WorkingGroup.Status.choices)
    status = filter_form.filters()["status"]
    groups = group_selectors.groups_with_counts().order_by("name_fr", "pk")
    if status:
        groups = groups.filter(status=status)
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff/group_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"page": page, "filter_form": filter_form},
    )


@permissions.staff_required
def staff_group_create(request: HttpRequest) -> HttpResponse:
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = group_services.group_save(group=None, data=form.cleaned_data)
        messages.success(request, _("Working group created."))
        return redirect("members:staff_group", slug=group.slug)
    return render(request, "members/staff/group_form.html", {"form": form, "group": None})


@permissions.staff_required
def staff_group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    initial = {
        field: getattr(group, field)
        for field in ("name_fr", "name_en", "slug", "description_fr", "description_en", "status")
    }
    form = WorkingGroupForm(request.POST or None, initial=initial, group=group)
    if request.method == "POST" and form.is_valid():
        group = group_services.group_save(group=group, data=form.cleaned_data)
        messages.success(request, _("Working group saved."))
        return redirect("members:staff_group", slug=group.slug)
    return render(request, "members/staff/group_form.html", {"form": form, "group": group})


@permissions.staff_required
def staff_group(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    accepted, requested = _split_by_status(
        group_selectors.group_members_with_organizations(group=group)
    )
    return render(
        request,
        "members/staff/group_detail.html",
        {
            "group": group,
            "members": accepted,
            "requests": requested,
            "roles": WorkingGroupMember.Role.choices,
            "document_count": group.documents.count(),
            "panels": panels.staff_group_page.build(group=group),
        },
    )


@permissions.staff_required
@require_POST
def staff_group_request_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    _decide(request, _request_in_group(group, pk), accept=True)
    return redirect("members:staff_group", slug=group.slug)


@permissions.staff_required
@require_POST
def staff_group_request_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    _decide(request, _request_in_group(group, pk), accept=False)
    return redirect("members:staff_group", slug=group.slug)


@permissions.staff_required
@require_POST
def staff_group_member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    membership = _request_in_group(group, pk)
    form = GroupRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            group_services.group_member_role_set(
                membership=membership, role=form.cleaned_data["role"], set_by=request.user
            )
        except group_services.GroupError:
            messages.error(request, _("Only accepted members can lead the group."))
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {"name": membership.contact.full_name, "role": membership.get_role_display()},
            )
    return redirect("members:staff_group", slug=group.slug)


# Member space


def _contact_of(user) -> Contact | None:
    return Contact.objects.filter(user=user).first()


@permissions.member_required
def space_groups(request: HttpRequest) -> HttpResponse:
    contact = _contact_of(request.user)
    mine = {
        membership.group_id: membership
        for membership in WorkingGroupMember.objects.filter(contact=contact)
    }
    active = list(
        group_selectors.groups_with_counts()
        .filter(status=WorkingGroup.Status.ACTIVE)
        .order_by("name_fr", "pk")
    )
    rows = [{"group": group, "membership": mine.get(group.pk)} for group in active]
    # Groups the contact belongs to, paused ones included: their page stays open to members.
    my_groups = WorkingGroup.objects.filter(
        members__contact=contact, members__status=WorkingGroupMember.Status.ACCEPTED
    ).order_by("name_fr", "pk")
    return render(request, "members/space/group_list.html", {"rows": rows, "my_groups": my_groups})


@permissions.member_required
@require_POST
def space_group_join(request: HttpRequest, slug: str) -> HttpResponse:
    # Any status: a group paused or closed since the list was shown gets a message, not a 404.
    group = get_object_or_404(WorkingGroup, slug=slug)
    contact = _contact_of(request.user)
    try:
        membership = group_services.group_join_request(group=group, contact=contact)
    except group_services.GroupNotActiveError:
        messages.error(request, _("This group does not take new members at the moment."))
        return redirect("members:space_groups")
    if membership.status == WorkingGroupMember.Status.REQUESTED:
        messages.success(request, _("Your request was sent; the group's leads will answer it."))
    return redirect("members:space_groups")


def _group_for_viewer(request: HttpRequest, slug: str):
    """The group and the viewer's accepted membership (None for staff); 404 for anyone
    who may not see it."""
    group = get_object_or_404(WorkingGroup, slug=slug)
    membership = permissions.group_membership_of(request.user, group)
    if not permissions.can_view_group(request.user, group, membership):
        raise Http404
    return group, membership


@login_required
def space_group(request: HttpRequest, slug: str) -> HttpResponse:
    group, membership = _group_for_viewer(request, slug)
    form = GroupDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.group_document_add(
                group=group,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                uploaded_by=request.user,
            )
        except group_services.GroupError:
            messages.error(request, _("This group is not active: it takes no new documents."))
        else:
            messages.success(request, _("Document added."))
        return redirect("members:space_group", slug=group.slug)
    can_manage = permissions.can_manage_group(request.user, group, membership)
    accepted, requested = _split_by_status(
        group_selectors.group_members_with_organizations(group=group)
    )
    documents = group.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
    return render(
        request,
        "members/space/group_detail.html",
        {
            "group": group,
            "members": accepted,
            "requests": requested if can_manage else [],
            "can_manage": can_manage,
            "documents": documents,
            # Upcoming meetings...: the apps above members add their sections.
            "panels": panels.group_page.build(group=group),
            "form": form,
        },
    )


@login_required
def space_group_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    group, _membership = _group_for_viewer(request, slug)
    document = get_object_or_404(WorkingGroupDocument, group=group, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(document.file.name).name)


@login_required
@require_POST
def space_group_request_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _space_decide(request, slug, pk, accept=True)


@login_required
@require_POST
def space_group_request_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _space_decide(request, slug, pk, accept=False)


def _space_decide(request: HttpRequest, slug: str, pk: int, *, accept: bool) -> HttpResponse:
    group, membership = _group_for_viewer(request, slug)
    if not permissions.can_manage_group(request.user, group, membership):
        raise Http404
    _decide(request, _request_in_group(group, pk), accept=accept)
    return redirect("members:space_group", slug=group.slug)
