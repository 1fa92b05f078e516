"""The public side of the register: the member directory, its profiles, the partners page."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from core.pagecache import public_page
from members import panels, permissions
from members.forms.directory import DirectoryFilterForm
from members.linked_data import organization_linked_data
from members.selectors import directory as directory_selectors

ORGANIZATIONS_PER_PAGE = 24
# A page of partners, grouped by kind: a region has a few dozen; a network of clusters, more.
PARTNERS_PER_PAGE = 48
_SLUG_PLACEHOLDER = "slug-placeholder"


def _viewer_is_member(user) -> bool:
    """Who sees the "members only" fields: animators and any member contact."""
    return permissions.is_animator(user) or permissions.is_member_contact(user)


def slug_url_builder(name: str) -> Callable[[str], str]:
    """`slug -> reverse(name, args=[slug])` at the cost of a single reverse(), for lists that
    link every row: only the slug changes, and a slug (letters, digits, - and _) needs no
    quoting."""
    head, _placeholder, tail = reverse(name, args=[_SLUG_PLACEHOLDER]).partition(_SLUG_PLACEHOLDER)
    return lambda slug: f"{head}{slug}{tail}"


def _directory_context(request: HttpRequest) -> dict:
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    organizations = directory_selectors.organization_directory(filters=filters)
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    viewer_is_member = _viewer_is_member(request.user)
    page.object_list = directory_selectors.directory_cards(
        page.object_list, viewer_is_member=viewer_is_member
    )
    profile_url = slug_url_builder("members:directory_profile")
    for organization in page.object_list:
        organization.profile_url = profile_url(organization.slug)
    return {
        "form": form,
        "page": page,
        "searching": bool(filters.query.strip()),
        "panels": panels.directory_page.build(viewer_is_member=viewer_is_member),
    }


@public_page("register")
def directory(request: HttpRequest) -> HttpResponse:
    template = "members/public/organization_list.html"
    if request.htmx:
        template += "#results"
    response = render(request, template, _directory_context(request))
    # The same URL answers a fragment to htmx and a page otherwise: browsers must not mix them.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _profile_context(request: HttpRequest, slug: str) -> dict:
    organization = directory_selectors.organization_directory_profile(slug=slug)
    if organization is None:
        # Not a member, or not listed: nothing to tell about it here, whoever asks.
        raise Http404
    viewer_is_member = _viewer_is_member(request.user)
    visible = directory_selectors.organization_visible_fields(
        organization=organization, viewer_is_member=viewer_is_member
    )
    contacts = (
        directory_selectors.organization_public_contacts(organization=organization)
        if visible["contacts"]
        else []
    )
    built_panels = panels.profile_page.build(organization=organization)
    return {
        "title": organization.name,
        "organization": organization,
        "visible": visible,
        "contacts": contacts,
        "viewer_is_member": viewer_is_member,
        "panels": built_panels,
        "linked_data": organization_linked_data(organization=organization, panels=built_panels),
    }


@public_page("register")
def directory_profile(request: HttpRequest, slug: str) -> HttpResponse:
    # An unknown slug raises 404 before anything is stored.
    return render(
        request, "members/public/organization_detail.html", _profile_context(request, slug)
    )


@public_page("register")
def partners(request: HttpRequest) -> HttpResponse:
    page, groups = directory_selectors.partners_page(
        page_number=request.GET.get("page"),
        viewer_is_member=_viewer_is_member(request.user),
        per_page=PARTNERS_PER_PAGE,
    )
    return render(request, "members/public/partner_list.html", {"page": page, "groups": groups})
