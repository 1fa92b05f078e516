"""The public side of the register: the member directory, its profiles, the partners page."""

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import permissions
from members.models import Competence, Label, Region, Sector
from members.services import directory as directory_services

ORGANIZATIONS_PER_PAGE = 24
DIRECTORY_CACHE_SECONDS = 5 * 60


def _term_choices(model, empty_label) -> list[tuple[str, str]]:
    # One query per taxonomy; names are picked in the active language by `_Term.name`.
    return [("", empty_label)] + [(term.slug, term.name) for term in model.objects.all()]


class DirectoryFilterForm(forms.Form):
    """The directory's search box and filters. Unknown values are reported, not obeyed."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    competence = forms.ChoiceField(label=_("Competence"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    label = forms.ChoiceField(label=_("Label"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, offer, competence, city…")}
        )
        self.fields["sector"].choices = _term_choices(Sector, _("All sectors"))
        self.fields["competence"].choices = _term_choices(Competence, _("All competences"))
        self.fields["label"].choices = _term_choices(Label, _("All labels"))

    def filters(self) -> directory_services.DirectoryFilters:
        """The valid part of the input: a bad filter is ignored (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return directory_services.DirectoryFilters(
            query=data.get("q", ""),
            sector=data.get("sector", ""),
            competence=data.get("competence", ""),
            region=data.get("region", ""),
            label=data.get("label", ""),
        )


def _viewer_is_member(user) -> bool:
    """Who sees the "members only" fields: animators and any member contact."""
    return permissions.is_animator(user) or permissions.is_member_contact(user)


def _directory_context(request: HttpRequest) -> dict:
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    organizations = directory_services.organization_directory(filters=filters)
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = directory_services.organizations_with_visibility(
        page.object_list, viewer_is_member=_viewer_is_member(request.user)
    )
    return {"form": form, "page": page, "searching": bool(filters.query.strip())}


def directory(request: HttpRequest) -> HttpResponse:
    if request.htmx:
        return render(request, "members/directory.html#results", _directory_context(request))
    if request.GET or request.user.is_authenticated:
        return render(request, "members/directory.html", _directory_context(request))
    # The landing page for anonymous visitors is the same for all of them: its body (not
    # the whole page, whose header carries a per-visitor CSRF token) is cached until an
    # organization's directory entry changes, or for five minutes.
    key = directory_services.directory_page_cache_key(language=get_language())
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "members/directory.html#body", _directory_context(request), request=request
        )
        cache.set(key, body, DIRECTORY_CACHE_SECONDS)
    return render(request, "members/directory.html", {"cached_body": mark_safe(body)})


def directory_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organization = directory_services.organization_directory_profile(slug=slug)
    if organization is None:
        # Not a member, or not listed: nothing to tell about it here, whoever asks.
        raise Http404
    viewer_is_member = _viewer_is_member(request.user)
    visible = directory_services.organization_visible_fields(
        organization=organization, viewer_is_member=viewer_is_member
    )
    contacts = (
        directory_services.organization_public_contacts(organization=organization)
        if visible["contacts"]
        else []
    )
    return render(
        request,
        "members/directory_profile.html",
        {
            "organization": organization,
            "visible": visible,
            "contacts": contacts,
            "viewer_is_member": viewer_is_member,
        },
    )


def partners(request: HttpRequest) -> HttpResponse:
    groups = directory_services.partners_by_kind(viewer_is_member=_viewer_is_member(request.user))
    return render(request, "members/partners.html", {"groups": groups})
