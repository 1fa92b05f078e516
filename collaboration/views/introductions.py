"""Needs, offers and introductions: the member-space pages where members post, find
partners and answer requests, and the back-office lists.

A post is edited by its organization only, a request seen by its two sides only: anyone
else gets a 404, so that nobody learns that a given request exists.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from collaboration import panels, permissions
from collaboration.forms.introductions import (
    IntroductionRequestForm,
    PostFilterForm,
    PostForm,
    StaffIntroductionFilterForm,
    StaffIntroductionForm,
    StaffPostFilterForm,
)
from collaboration.models import Introduction, Post
from collaboration.selectors import introductions as selectors
from collaboration.selectors.matching import post_suggestions
from collaboration.services import introductions as services
from core.exports import export_if_requested
from members.models import Competence, Organization, Sector

POSTS_PER_PAGE = 20
STAFF_PER_PAGE = 50
INTRODUCTIONS_PER_PAGE = 20


def _post_or_404(pk: int) -> Post:
    post = selectors.post_detail(pk=pk)
    if post is None:
        raise Http404
    return post


def _editable_post_or_404(request: HttpRequest, pk: int) -> Post:
    post = _post_or_404(pk)
    if not permissions.can_edit_post(request.user, post):
        raise Http404
    return post


def _visible_post_or_404(request: HttpRequest, pk: int) -> Post:
    """Another member's current post, or one's own organization's whatever its state."""
    post = _post_or_404(pk)
    if not permissions.can_see_post(request.user, post):
        raise Http404
    return post


def _introduction_or_404(request: HttpRequest, pk: int) -> Introduction:
    introduction = selectors.introduction_detail(pk=pk)
    if introduction is None or not permissions.can_see_introduction(request.user, introduction):
        raise Http404
    return introduction


# Member space: needs and offers.
@permissions.member_required
def space_posts(request: HttpRequest) -> HttpResponse:
    organization_ids = permissions.organization_ids_of(request.user)
    form = PostFilterForm(
        request.GET, competences=Competence.objects.all(), sectors=Sector.objects.all()
    )
    posts = selectors.space_posts(organization_ids=organization_ids, **form.filters())
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "collaboration/space/post_list.html"
    if request.htmx:
        return render(request, template + "#results", {"page": page})
    return render(
        request,
        template,
        {
            "page": page,
            "filter_form": form,
            "own_posts": selectors.own_posts(organization_ids=organization_ids),
            "today": timezone.localdate(),
        },
    )


@permissions.member_required
def space_post_create(request: HttpRequest) -> HttpResponse:
    organizations = permissions.organizations_of(request.user)
    form = PostForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        post = services.post_create(
            organization=form.chosen_organization(),
            author=permissions.contact_of(request.user),
            data=form.cleaned_data,
        )
        messages.success(request, _("Your post is online. Here are members you could meet."))
        return redirect("collaboration:space_post_suggestions", pk=post.pk)
    return render(request, "collaboration/space/post_form.html", {"form": form, "post": None})


@permissions.member_required
def space_post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _editable_post_or_404(request, pk)
    form = PostForm(request.POST or None, initial=PostForm.initial_of(post))
    if request.method == "POST" and form.is_valid():
        services.post_update(post=post, data=form.cleaned_data)
        messages.success(request, _("The post is saved."))
        return redirect("collaboration:space_post", pk=post.pk)
    return render(request, "collaboration/space/post_form.html", {"form": form, "post": post})


@require_POST
@permissions.member_required
def space_post_close(request: HttpRequest, pk: int) -> HttpResponse:
    post = _editable_post_or_404(request, pk)
    closed = request.POST.get("closed", "1") == "1"
    services.post_close(post=post, closed=closed)
    if closed:
        messages.success(request, _("The post is closed: other members no longer see it."))
    else:
        messages.success(request, _("The post is open again."))
    return redirect("collaboration:space_post", pk=post.pk)


@permissions.member_required
def space_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _visible_post_or_404(request, pk)
    own = permissions.can_edit_post(request.user, post)
    return render(
        request,
        "collaboration/space/post_detail.html",
        {"post": post, "own": own, "today": timezone.localdate()},
    )


@permissions.member_required
def space_post_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    post = _editable_post_or_404(request, pk)
    suggestions = post_suggestions(post=post)
    if suggestions:
        known = selectors.open_introductions_with(
            organization_id=post.organization_id,
            others=[suggestion.organization.pk for suggestion in suggestions],
        )
        for suggestion in suggestions:
            suggestion.introduction = known.get(suggestion.organization.pk)
    # Over the quota, the page says so once rather than offering requests that would fail.
    quota_reached = bool(suggestions) and (
        selectors.requests_waiting(organization=post.organization)
        >= services.pending_introductions_max()
    )
    return render(
        request,
        "collaboration/space/post_suggestions.html",
        {
            "post": post,
            "suggestions": suggestions,
            "quota_reached": quota_reached,
            "quota_max": services.pending_introductions_max(),
        },
    )


# Member space: introductions.
@permissions.member_required
def space_introduction_request(request: HttpRequest, slug: str) -> HttpResponse:
    target = Organization.objects.filter(slug=slug).first()
    if target is None or not permissions.can_ask_introduction(request.user, target):
        # Also one's own organization: asking it makes no sense, and the page says so.
        if target is not None and permissions.acts_for(request.user, target.pk):
            messages.error(
                request, _("You cannot ask for an introduction to your own organization.")
            )
            return redirect("collaboration:space_posts")
        raise Http404
    post = None
    post_pk = request.GET.get("post") or request.POST.get("post")
    if post_pk and post_pk.isdigit():
        post = Post.objects.filter(pk=post_pk).first()
        if post is not None and not permissions.may_cite_post(request.user, post, target=target):
            post = None
    organizations = permissions.organizations_of(request.user).exclude(pk=target.pk)
    form = IntroductionRequestForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.introduction_request(
                requester=form.chosen_organization(),
                requested_by=permissions.contact_of(request.user),
                target=target,
                post=post,
                message=form.cleaned_data["message"],
            )
        except services.IntroductionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Your request is sent to %(name)s. You will be told when they answer.")
                % {"name": target.name},
            )
            return redirect("collaboration:space_introduction", pk=introduction.pk)
    return render(
        request,
        "collaboration/space/introduction_request.html",
        {"form": form, "target": target, "post": post},
    )


@permissions.member_required
def space_introductions(request: HttpRequest) -> HttpResponse:
    organization_ids = permissions.organization_ids_of(request.user)
    pages = {
        box: Paginator(
            selectors.space_introductions(organization_ids=organization_ids, received=received),
            INTRODUCTIONS_PER_PAGE,
        ).get_page(request.GET.get(f"{box}_page"))
        for box, received in (("received", True), ("sent", False))
    }
    return render(
        request,
        "collaboration/space/introduction_list.html",
        {"received": pages["received"], "sent": pages["sent"]},
    )


@permissions.member_required
def space_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = _introduction_or_404(request, pk)
    user = request.user
    return render(
        request,
        "collaboration/space/introduction_detail.html",
        {
            "introduction": introduction,
            "received": permissions.can_answer_introduction(user, introduction),
            "can_answer": permissions.can_answer_introduction(user, introduction)
            and introduction.status == Introduction.Status.PENDING,
            "can_withdraw": permissions.can_withdraw_introduction(user, introduction)
            and introduction.status == Introduction.Status.PENDING,
            "show_details": permissions.may_see_contact_details(user, introduction),
            "cooldown_days": services.DECLINE_COOLDOWN_DAYS,
        },
    )


def _answer(request: HttpRequest, pk: int, *, allowed, service, done: str) -> HttpResponse:
    introduction = _introduction_or_404(request, pk)
    if not allowed(request.user, introduction):
        raise Http404
    try:
        service(introduction)
    except services.IntroductionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("collaboration:space_introduction", pk=pk)


@require_POST
@permissions.member_required
def space_introduction_accept(request: HttpRequest, pk: int) -> HttpResponse:
    contact = permissions.contact_of(request.user)
    return _answer(
        request,
        pk,
        allowed=permissions.can_answer_introduction,
        service=lambda introduction: services.introduction_accept(
            introduction=introduction, contact=contact
        ),
        done=_("You accepted: you now see each other's contact details, and both got an email."),
    )


@require_POST
@permissions.member_required
def space_introduction_decline(request: HttpRequest, pk: int) -> HttpResponse:
    contact = permissions.contact_of(request.user)
    return _answer(
        request,
        pk,
        allowed=permissions.can_answer_introduction,
        service=lambda introduction: services.introduction_decline(
            introduction=introduction, contact=contact
        ),
        done=_("You declined the request."),
    )


@require_POST
@permissions.member_required
def space_introduction_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request,
        pk,
        allowed=permissions.can_withdraw_introduction,
        service=lambda introduction: services.introduction_withdraw(introduction=introduction),
        done=_("Your request is withdrawn."),
    )


# The weekly digest.
@permissions.member_required
def space_digest(request: HttpRequest) -> HttpResponse:
    contact = permissions.contact_of(request.user)
    if request.method == "POST" and contact is not None:
        if request.POST.get("subscribed") == "1":
            services.digest_subscribe(contact=contact)
            messages.success(request, _("You will receive the weekly digest."))
        else:
            services.digest_unsubscribe(contact=contact)
            messages.success(request, _("You will no longer receive the weekly digest."))
        return redirect("collaboration:space_digest")
    return render(
        request,
        "collaboration/space/digest.html",
        {"subscribed": selectors.is_digest_subscriber(contact=contact)},
    )


# RFC 8058: mail clients POST here without cookies or a CSRF token (one-click unsubscribe).
# Only the personal link decides whom it unsubscribes, so the exemption opens nothing.
@csrf_exempt
@never_cache
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    contact = services.digest_contact_for_link(token=token)
    if contact is None:
        return render(request, "collaboration/public/digest_link_invalid.html", status=404)
    if request.method == "POST":
        services.digest_unsubscribe(contact=contact)
        return render(request, "collaboration/public/digest_unsubscribed.html")
    return render(request, "collaboration/public/digest_unsubscribe.html")


# Back-office.
@permissions.staff_required
def staff_posts(request: HttpRequest) -> HttpResponse:
    form = StaffPostFilterForm(request.GET)
    posts = selectors.staff_posts(**form.filters())
    export = export_if_requested(
        request,
        filename="needs-offers",
        table=lambda: (
            [
                _("Title"),
                _("Need or offer"),
                _("Category"),
                _("Organization"),
                _("Competences"),
                _("Sectors"),
                _("Posted on"),
                _("Visible until"),
                _("Closed"),
            ],
            (
                [
                    post.title,
                    post.get_kind_display(),
                    post.get_category_display(),
                    post.organization.name,
                    ", ".join(term.name for term in post.competences.all()),
                    ", ".join(term.name for term in post.sectors.all()),
                    timezone.localtime(post.created_at).date(),
                    post.expires_on,
                    _("yes") if post.is_closed else _("no"),
                ]
                for post in posts
            ),
        ),
    )
    if export:
        return export
    page = Paginator(posts, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "collaboration/staff/post_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request, template, {"page": page, "filter_form": form, "today": timezone.localdate()}
    )


@permissions.staff_required
def staff_post_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(pk)
    return render(
        request,
        "collaboration/staff/post_suggestions.html",
        {
            "post": post,
            "suggestions": post_suggestions(post=post),
            "panels": panels.staff_post_page.build(post=post),
        },
    )


@permissions.staff_required
def staff_introductions(request: HttpRequest) -> HttpResponse:
    form = StaffIntroductionFilterForm(request.GET)
    introductions = selectors.staff_introductions(**form.filters())
    export = export_if_requested(
        request,
        filename="introductions",
        table=lambda: (
            [
                _("Asked by"),
                _("Asked to"),
                _("Need or offer"),
                _("Status"),
                _("Made by the team"),
                pgettext("introduction", "Asked on"),
                _("Answered on"),
            ],
            (
                [
                    introduction.requester.name,
                    introduction.target.name,
                    introduction.post.title if introduction.post else "",
                    introduction.get_status_display(),
                    str(introduction.made_by) if introduction.made_by else "",
                    timezone.localtime(introduction.created_at).date(),
                    timezone.localtime(introduction.decided_at).date()
                    if introduction.decided_at
                    else "",
                ]
                for introduction in introductions
            ),
        ),
    )
    if export:
        return export
    page = Paginator(introductions, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "collaboration/staff/introduction_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
def staff_introduction_create(request: HttpRequest) -> HttpResponse:
    # From a post's suggestions: the two organizations by id, shown by name.
    ids = {
        name: int(request.GET[name])
        for name in ("requester", "target")
        if request.GET.get(name, "").isdigit()
    }
    found = Organization.objects.members().in_bulk(ids.values())
    organizations = {name: found[pk] for name, pk in ids.items() if pk in found}
    initial = {name: organization.name for name, organization in organizations.items()}
    form = StaffIntroductionForm(
        request.POST or None,
        initial=initial,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_make(
                requester=form.cleaned_data["requester"],
                target=form.cleaned_data["target"],
                staff_user=request.user,
                message=form.cleaned_data["message"],
                requester_contact=form.cleaned_data["requester_contact"],
                target_contact=form.cleaned_data["target_contact"],
            )
        except services.IntroductionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("The introduction is made: both people are emailed and it is logged."),
            )
            return redirect("collaboration:staff_introductions")
    return render(request, "collaboration/staff/introduction_form.html", {"form": form})
