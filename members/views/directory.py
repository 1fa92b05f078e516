"""The public side of the register: the member directory, its profiles, the partners page."""

from collections.abc import Callable

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from members import permissions
from members.forms.directory import DirectoryFilterForm
from members.selectors import directory as directory_selectors
from members.services import directory as directory_services

ORGANIZATIONS_PER_PAGE = 24
DIRECTORY_CACHE_SECONDS = 5 * 60
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
    page.object_list = directory_selectors.directory_cards(
        page.object_list, viewer_is_member=_viewer_is_member(request.user)
    )
    profile_url = slug_url_builder("members:directory_profile")
    for organization in page.object_list:
        organization.profile_url = profile_url(organization.slug)
    return {"form": form, "page": page, "searching": bool(filters.query.strip())}


def _private(response: HttpResponse) -> HttpResponse:
    # What a signed-in viewer sees may hold members-only fields: no shared cache may keep it.
    patch_cache_control(response, private=True)
    return response


def directory(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        template = (
            "members/public/organization_list.html#results"
            if request.htmx
            else "members/public/organization_list.html"
        )
        response = _private(render(request, template, _directory_context(request)))
    else:
        partial = "results" if request.htmx else "body"
        # Every anonymous visitor gets the same page for the same parameters: its body (not
        # the whole page, whose header carries a per-visitor CSRF token), or the results
        # fragment htmx asks for, is cached until an organization's directory entry changes,
        # or for five minutes.
        key = directory_services.directory_page_cache_key(
            language=get_language(), params=request.GET.items(), fragment=partial
        )
        html = cache.get(key)
        if html is None:
            html = render_to_string(
                f"members/public/organization_list.html#{partial}",
                _directory_context(request),
                request=request,
            )
            cache.set(key, html, DIRECTORY_CACHE_SECONDS)
        if request.htmx:
            response = HttpResponse(html)
        else:
            response = render(
                request,
                "members/public/organization_list.html",
                {"cached_body": mark_safe(html)},
            )
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
    return {
        "title": organization.name,
        "organization": organization,
        "visible": visible,
        "contacts": contacts,
        "viewer_is_member": viewer_is_member,
    }


def directory_profile(request: HttpRequest, slug: str) -> HttpResponse:
    template = "members/public/organization_detail.html"
    if request.user.is_authenticated:
        return _private(render(request, template, _profile_context(request, slug)))
    # Anonymous visitors share one rendering per language, cached like the directory pages
    # (an unknown slug is not cached: its 404 is raised before).
    key = directory_services.directory_profile_cache_key(language=get_language(), slug=slug)
    cached = cache.get(key)
    if cached is None:
        context = _profile_context(request, slug)
        cached = {
            "title": context["title"],
            "body": render_to_string(f"{template}#body", context, request=request),
        }
        cache.set(key, cached, DIRECTORY_CACHE_SECONDS)
    return render(
        request, template, {"title": cached["title"], "cached_body": mark_safe(cached["body"])}
    )


def partners(request: HttpRequest) -> HttpResponse:
    groups = directory_selectors.partners_by_kind(viewer_is_member=_viewer_is_member(request.user))
    return render(request, "members/public/partner_list.html", {"groups": groups})
