"""The member space's pages of the open API: an organization's admins make read-only tokens
for their organization's own data, see them and revoke them."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import permissions
from api.forms.tokens import TokenForm
from api.models import ApiToken
from api.scopes import ORGANIZATION_RESOURCES, RESOURCES
from api.selectors import tokens as selectors
from api.services import tokens as services
from members.models import Organization


def _administered(request: HttpRequest, slug: str) -> Organization:
    """The organization, for one of its admins; 404 for anyone else, so that nobody learns
    which organizations have tokens."""
    organization = permissions.organizations_administered_by(request.user).filter(slug=slug).first()
    if organization is None:
        raise Http404
    return organization


def _covered() -> list[str]:
    return [RESOURCES[resource] for resource in ORGANIZATION_RESOURCES]


@permissions.member_required
def space_tokens(request: HttpRequest) -> HttpResponse:
    """The tokens of each organization the user administers; a plain contact reads who
    can make one."""
    organizations = list(permissions.organizations_administered_by(request.user))
    tokens = selectors.token_list(ApiToken.objects.filter(organization__in=organizations)).order_by(
        "organization__name", "-created_at", "-pk"
    )
    by_organization = {organization.pk: [] for organization in organizations}
    for token in tokens:
        by_organization[token.organization_id].append(token)
    sections = [
        {"organization": organization, "tokens": by_organization[organization.pk]}
        for organization in organizations
    ]
    return render(
        request, "api/space/token_list.html", {"sections": sections, "covered": _covered()}
    )


@permissions.member_required
@never_cache
def space_token_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The form; once made, the secret on this answer only, never again."""
    organization = _administered(request, slug)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.organization_token_create(
            organization=organization,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            created_by=request.user,
        )
        return render(
            request,
            "api/space/token_created.html",
            {"organization": organization, "token": issued.token, "secret": issued.secret},
        )
    return render(
        request,
        "api/space/token_form.html",
        {"organization": organization, "form": form, "covered": _covered()},
    )


@permissions.member_required
@require_POST
def space_token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _administered(request, slug)
    token = get_object_or_404(
        permissions.organization_tokens_managed_by(request.user, organization), pk=pk
    )
    services.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens:space_tokens")
