"""The opportunities board: the public board, its item pages and Atom feeds; the member
space's posts; the animators' moderation queue, list and funding opportunities."""

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration import permissions
from collaboration.forms.opportunities import (
    OpportunityBoardFilterForm,
    OpportunityMemberForm,
    OpportunityRejectForm,
    OpportunityStaffFilterForm,
    OpportunityStaffForm,
)
from collaboration.models import Opportunity
from collaboration.selectors import opportunities as selectors
from collaboration.services import opportunities as services
from core.exports import export_if_requested
from core.markup import markdown_render, markdown_text
from core.pagecache import public_page

BOARD_PER_PAGE = 20
STAFF_PER_PAGE = 25
SPACE_PER_PAGE = 25


# Public pages.


@public_page("opportunities", "register")
def opportunity_board(request: HttpRequest) -> HttpResponse:
    # Two queries: the count, then the page of items with their organizations.
    form = OpportunityBoardFilterForm(request.GET)
    filters = form.filters()
    opportunities = selectors.opportunity_board(
        query=filters["query"], kind=filters["kind"], region=filters["region"]
    )
    page = Paginator(opportunities, BOARD_PER_PAGE).get_page(request.GET.get("page"))
    feeds = [
        (Opportunity.Kind(kind).label, reverse("collaboration:opportunity_kind_feed", args=[kind]))
        for kind in Opportunity.Kind.values
    ]
    template = "collaboration/public/opportunity_board.html"
    if request.htmx:
        template += "#results"
    context = {"form": form, "page": page, "feeds": feeds, "filters": filters}
    response = render(request, template, context)
    # The same address answers a fragment to htmx and a page otherwise: caches must not mix
    # them (stored pages say so already; this is for signed-in visitors' browsers).
    patch_vary_headers(response, ["HX-Request"])
    return response


@public_page("opportunities", "register")
def opportunity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = selectors.opportunity_public(slug=slug)
    if opportunity is None:
        raise Http404
    if not permissions.can_view_opportunity(request.user, opportunity):
        raise Http404
    context = {
        "opportunity": opportunity,
        "description": markdown_render(opportunity.description),
        "on_board": opportunity.is_on_board(),
    }
    return render(request, "collaboration/public/opportunity_detail.html", context)


class OpportunityFeed(Feed):
    """The board as an Atom feed: every kind, or one."""

    feed_type = Atom1Feed

    def get_object(self, request, kind: str = ""):
        if kind and kind not in Opportunity.Kind.values:
            raise Http404
        return kind

    def title(self, kind):
        board = _("Opportunities board")
        if kind:
            return f"{board} · {Opportunity.Kind(kind).label} · {settings.CLUSTER_NAME}"
        return f"{board} · {settings.CLUSTER_NAME}"

    def subtitle(self, kind):
        return _("Internships, work-study places, jobs, trainings and funding opportunities.")

    def link(self, kind):
        url = reverse("collaboration:opportunity_board")
        return f"{url}?kind={kind}" if kind else url

    def items(self, kind):
        return selectors.opportunity_feed_items(kind=kind)

    def item_title(self, item: Opportunity):
        return item.title

    def item_description(self, item: Opportunity):
        return markdown_text(item.description)[:600]

    def item_link(self, item: Opportunity):
        return reverse("collaboration:opportunity_detail", args=[item.slug])

    def item_pubdate(self, item: Opportunity):
        return item.published_at

    def item_updateddate(self, item: Opportunity):
        return item.updated_at

    def item_author_name(self, item: Opportunity):
        return item.organization.name if item.organization else item.funder

    def item_categories(self, item: Opportunity):
        return [item.get_kind_display()]


_feed = OpportunityFeed()


@public_page("opportunities", "register")
def opportunity_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request)


@public_page("opportunities", "register")
def opportunity_kind_feed(request: HttpRequest, kind: str) -> HttpResponse:
    return _feed(request, kind=kind)


# Member space.


def _opportunity_for_member(request: HttpRequest, pk: int) -> Opportunity:
    """One of the member's organizations' items; 404 for any other."""
    opportunity = get_object_or_404(Opportunity.objects.select_related("organization"), pk=pk)
    if not permissions.can_edit_opportunity_in_space(request.user, opportunity):
        raise Http404
    return opportunity


@permissions.member_required
def space_opportunities(request: HttpRequest) -> HttpResponse:
    # Four queries: the organization ids, the organizations, the count, the page.
    organizations = list(permissions.organizations_of(request.user))
    opportunities = selectors.opportunities_of_organizations(
        organization_ids=[organization.pk for organization in organizations]
    )
    page = Paginator(opportunities, SPACE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "organization": organizations[0] if organizations else None,
        "several_organizations": len(organizations) > 1,
        "today": timezone.localdate(),
    }
    return render(request, "collaboration/space/opportunity_list.html", context)


@permissions.member_required
def space_opportunity_create(request: HttpRequest) -> HttpResponse:
    organizations = list(permissions.organizations_of(request.user))
    form = OpportunityMemberForm(
        request.POST or None, instance=Opportunity(), organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("organization", organizations[0].pk)
        organization = next(org for org in organizations if org.pk == chosen)
        services.opportunity_post(
            organization=organization,
            contact=permissions.contact_of(request.user),
            user=request.user,
            data=form.cleaned_data,
        )
        messages.success(
            request, _("Thank you: your offer is waiting for moderation by the cluster's team.")
        )
        return redirect("collaboration:space_opportunities")
    context = {"form": form, "object": None, "organization": organizations[0]}
    return render(request, "collaboration/space/opportunity_form.html", context)


@permissions.member_required
def space_opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_for_member(request, pk)
    form = OpportunityMemberForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        was_published = opportunity.status == Opportunity.Status.PUBLISHED
        services.opportunity_member_update(opportunity=opportunity, data=form.cleaned_data)
        if was_published:
            messages.success(
                request,
                _("Saved: the offer is off the board until it is moderated again."),
            )
        else:
            messages.success(request, _("Your changes are saved; the offer waits for moderation."))
        return redirect("collaboration:space_opportunities")
    context = {"form": form, "object": opportunity, "organization": opportunity.organization}
    return render(request, "collaboration/space/opportunity_form.html", context)


@require_POST
@permissions.member_required
def space_opportunity_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_for_member(request, pk)
    services.opportunity_withdraw(opportunity=opportunity)
    messages.success(request, _("The offer is withdrawn from the board."))
    return redirect("collaboration:space_opportunities")


# Back-office.


@permissions.staff_required
def staff_opportunity_moderation(request: HttpRequest) -> HttpResponse:
    # Two queries: the count, the page with organizations and posters.
    queue = selectors.opportunity_moderation_queue()
    page = Paginator(queue, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    for opportunity in page:
        opportunity.description_html = markdown_render(opportunity.description)
    return render(request, "collaboration/staff/opportunity_moderation.html", {"page": page})


@permissions.staff_required
def staff_opportunity_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One pending item in full, to approve, or reject with a note."""
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("organization", "poster"), pk=pk
    )
    reject_form = OpportunityRejectForm(
        request.POST if request.POST.get("decision") == "reject" else None
    )
    # The version the moderator read, posted with the decision: an edit by the member in
    # between is not published (nor rejected) unread. A form without it is refused too.
    seen_version = request.POST.get("version", "")
    if request.method == "POST" and opportunity.status == Opportunity.Status.PENDING:
        try:
            if request.POST.get("decision") == "approve":
                services.opportunity_approve(
                    opportunity=opportunity, moderator=request.user, seen_version=seen_version
                )
                messages.success(request, _("The offer is published."))
                return redirect("collaboration:staff_opportunity_moderation")
            if reject_form.is_valid():
                services.opportunity_reject(
                    opportunity=opportunity,
                    moderator=request.user,
                    note=reject_form.cleaned_data["note"],
                    seen_version=seen_version,
                )
                messages.success(request, _("The offer is rejected; its poster is told why."))
                return redirect("collaboration:staff_opportunity_moderation")
        except services.OpportunityNotPendingError:
            messages.info(request, _("Someone has already moderated this offer."))
            return redirect("collaboration:staff_opportunity_moderation")
        except services.OpportunityChangedError:
            messages.warning(
                request,
                _(
                    "This offer was changed since you opened it: nothing is decided. "
                    "Read it again below before deciding."
                ),
            )
            return redirect("collaboration:staff_opportunity_review", pk=opportunity.pk)
    elif request.method == "POST":
        messages.info(request, _("Someone has already moderated this offer."))
        return redirect("collaboration:staff_opportunity_moderation")
    context = {
        "opportunity": opportunity,
        "description": markdown_render(opportunity.description),
        "reject_form": reject_form,
        # A rejection note with an error keeps the version first read.
        "version": seen_version or services.opportunity_version(opportunity),
    }
    return render(request, "collaboration/staff/opportunity_review.html", context)


@permissions.staff_required
def staff_opportunities(request: HttpRequest) -> HttpResponse:
    form = OpportunityStaffFilterForm(request.GET)
    opportunities = selectors.opportunities_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="opportunities",
        table=lambda: selectors.opportunities_export_rows(opportunities=opportunities),
    ):
        return export
    # Two queries: the count, the page with organizations.
    page = Paginator(opportunities, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "collaboration/staff/opportunity_list.html"
    if request.htmx:
        template += "#results"
    context = {"page": page, "filter_form": form, "today": timezone.localdate()}
    return render(request, template, context)


@permissions.staff_required
def staff_opportunity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    opportunity = (
        get_object_or_404(Opportunity.objects.select_related("organization"), pk=pk)
        if pk
        else Opportunity()
    )
    form = OpportunityStaffForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        services.opportunity_staff_save(
            opportunity=opportunity, data=form.cleaned_data, user=request.user
        )
        messages.success(request, _("The opportunity is saved."))
        return redirect("collaboration:staff_opportunities")
    return render(
        request,
        "collaboration/staff/opportunity_form.html",
        {"form": form, "object": opportunity},
    )
