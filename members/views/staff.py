"""The animators' pages of the register."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core import permissions
from members.models import Organization
from members.views.invitations import invite

ORGANIZATIONS_PER_PAGE = 50


@permissions.staff_required
def staff_organizations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    organizations = (
        Organization.objects.search(query).annotate_contact_count().order_by("name", "pk")
    )
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    template = "members/staff_organizations.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "query": query})


@permissions.staff_required
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    return invite(request, organization, "members/staff_invite.html")
