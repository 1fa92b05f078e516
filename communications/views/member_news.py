"""Member news: the member space's company news (submit, follow, edit while pending,
withdraw) and the animators' moderation list and review page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communications import permissions
from communications.forms.member_news import (
    MemberNewsFilterForm,
    MemberNewsForm,
    MemberNewsRejectForm,
    MemberNewsStaffForm,
)
from communications.models import NewsArticle
from communications.selectors import member_news as selectors
from communications.services import member_news as services
from core.exports import export_if_requested
from core.markup import markdown_render

SPACE_PER_PAGE = 25
STAFF_PER_PAGE = 25


# Member space.


def _article_for_admin(request: HttpRequest, pk: int) -> NewsArticle:
    """One of the user's organizations' news; 404 for any other."""
    article = get_object_or_404(NewsArticle.objects.select_related("organization"), pk=pk)
    if not permissions.can_edit_member_news(request.user, article):
        raise Http404
    return article


@permissions.member_news_admin_required
def space_member_news(request: HttpRequest) -> HttpResponse:
    # Four queries: the administered organization ids, the organizations, the count, the
    # page with companies (the membership check before them is the decorator's).
    organizations = list(permissions.administered_organizations(request.user))
    articles = selectors.member_news_of_organizations(
        organization_ids=[organization.pk for organization in organizations]
    )
    page = Paginator(articles, SPACE_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "several_organizations": len(organizations) > 1}
    return render(request, "communications/space/member_news_list.html", context)


@permissions.member_news_admin_required
def space_member_news_create(request: HttpRequest) -> HttpResponse:
    organizations = list(permissions.administered_organizations(request.user))
    form = MemberNewsForm(
        request.POST or None,
        request.FILES or None,
        instance=NewsArticle(),
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("organization", organizations[0].pk)
        organization = next(org for org in organizations if org.pk == chosen)
        services.member_news_submit(
            organization=organization,
            contact=permissions.contact_of(request.user),
            user=request.user,
            data=form.cleaned_data,
            image=form.cleaned_data["image"],
        )
        messages.success(
            request, _("Thank you: your news is waiting for moderation by the cluster's team.")
        )
        return redirect("communications:space_member_news")
    context = {"form": form, "object": None}
    return render(request, "communications/space/member_news_form.html", context)


@permissions.member_news_admin_required
def space_member_news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_for_admin(request, pk)
    editable = article.moderation in services.EDITABLE
    form = MemberNewsForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST":
        if not editable:
            messages.error(
                request,
                _("Published or withdrawn news is no longer edited: withdraw it and submit anew."),
            )
            return redirect("communications:space_member_news")
        if form.is_valid():
            try:
                services.member_news_update(
                    article=article, data=form.cleaned_data, image=form.cleaned_data["image"]
                )
            except services.MemberNewsNotEditableError:
                messages.error(
                    request, _("The team has just published it: it is no longer edited.")
                )
                return redirect("communications:space_member_news")
            messages.success(request, _("Your changes are saved; the news waits for moderation."))
            return redirect("communications:space_member_news")
    context = {
        "form": form,
        "object": article,
        "editable": editable,
        "body": markdown_render(article.body_fr),
    }
    return render(request, "communications/space/member_news_form.html", context)


@require_POST
@permissions.member_news_admin_required
def space_member_news_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_for_admin(request, pk)
    if article.moderation != NewsArticle.Moderation.WITHDRAWN:
        services.member_news_withdraw(article=article)
    messages.success(request, _("The news is withdrawn: it no longer shows anywhere."))
    return redirect("communications:space_member_news")


# Back-office.


@permissions.staff_required
def staff_member_news(request: HttpRequest) -> HttpResponse:
    """Every company's news, pending first when filtered so; exportable."""
    form = MemberNewsFilterForm(request.GET)
    articles = selectors.member_news_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="member-news",
        table=lambda: selectors.member_news_export_rows(articles=articles),
    ):
        return export
    # Two queries: the count, the page with companies and submitters.
    page = Paginator(articles, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "communications/staff/member_news_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
def staff_member_news_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One company's news in full: edit it, approve it, or reject it with a note."""
    article = get_object_or_404(
        NewsArticle.objects.select_related("organization", "submitted_by"),
        pk=pk,
        organization__isnull=False,
    )
    decision = request.POST.get("decision", "")
    reject_form = MemberNewsRejectForm(request.POST if decision == "reject" else None)
    edit_form = MemberNewsStaffForm(
        request.POST if decision == "edit" else None,
        request.FILES if decision == "edit" else None,
        instance=article,
        prefix="edit",
    )
    # The version the moderator read, posted with the decision: an edit by the company in
    # between is neither published nor rejected unread. A form without it is refused too.
    seen_version = request.POST.get("version", "")
    if request.method == "POST" and decision == "edit":
        if edit_form.is_valid():
            services.member_news_staff_update(
                article=article, data=edit_form.cleaned_data, image=edit_form.cleaned_data["image"]
            )
            messages.success(request, _("The news is saved."))
            return redirect("communications:staff_member_news_review", pk=article.pk)
    elif request.method == "POST" and article.moderation == NewsArticle.Moderation.PENDING:
        try:
            if decision == "approve":
                services.member_news_approve(
                    article=article, moderator=request.user, seen_version=seen_version
                )
                messages.success(request, _("The news is published."))
                return redirect("communications:staff_member_news")
            if reject_form.is_valid():
                services.member_news_reject(
                    article=article,
                    moderator=request.user,
                    note=reject_form.cleaned_data["note"],
                    seen_version=seen_version,
                )
                messages.success(request, _("The news is rejected; the company is told why."))
                return redirect("communications:staff_member_news")
        except services.MemberNewsNotPendingError:
            messages.info(request, _("Someone has already moderated this news."))
            return redirect("communications:staff_member_news")
        except services.MemberNewsChangedError:
            messages.warning(
                request,
                _(
                    "This news was changed since you opened it: nothing is decided. "
                    "Read it again below before deciding."
                ),
            )
            return redirect("communications:staff_member_news_review", pk=article.pk)
    elif request.method == "POST":
        messages.info(request, _("Someone has already moderated this news."))
        return redirect("communications:staff_member_news")
    context = {
        "article": article,
        "body": markdown_render(article.body_fr),
        "body_en": markdown_render(article.body_en),
        "reject_form": reject_form,
        "edit_form": edit_form,
        # A rejection note with an error keeps the version first read.
        "version": seen_version or services.member_news_version(article),
    }
    return render(request, "communications/staff/member_news_review.html", context)
