"""News, the press room with its downloads, and their back-office pages."""

from pathlib import PurePath

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.selectors import calls as call_selectors
from communications import panels, permissions
from communications.forms.content import (
    CoverageFilterForm,
    DownloadRequestForm,
    MediaCoverageForm,
    NewsArticleForm,
    NewsFilterForm,
    PressAssetForm,
    PressReleaseForm,
)
from communications.forms.member_news import NewsFeatureForm
from communications.models import MediaCoverage, NewsArticle, PressAsset, PressRelease
from communications.selectors import content as selectors
from communications.selectors import member_news as member_news_selectors
from communications.services import content as services
from communications.services import member_news as member_news_services
from communications.services import subscriptions as subscription_services
from community.selectors import awards as award_selectors
from community.selectors import testimonials as testimonial_selectors
from core.exports import export_if_requested
from core.http import client_ip
from core.markup import markdown_render
from core.pagecache import public_page
from core.translation import Fallback, in_language

NEWS_PER_PAGE = 10
STAFF_PER_PAGE = 25
# The press room shows the latest releases and coverage; older ones stay on their pages.
PRESS_ROOM_RELEASES = 20
PRESS_ROOM_COVERAGE = 20
PRESS_ROOM_CALLS = 10
PRESS_ROOM_STORIES = 6
PRESS_ROOM_TESTIMONIALS = 6


# Public pages.


@public_page("news", "register")
def news_list(request: HttpRequest) -> HttpResponse:
    # Two queries: the count, then the page of articles with their companies (and whether
    # each company's directory profile is public).
    page = Paginator(member_news_selectors.news_public_list(), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for article in page:
        article.summary_text = in_language(article.summary_fr, article.summary_en)
    return render(request, "communications/public/news_list.html", {"page": page})


@public_page("news", "register")
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Staff preview drafts and scheduled articles at their future address.
    articles = NewsArticle.objects.all()
    if not permissions.is_animator(request.user):
        articles = selectors.news_published()
    article = get_object_or_404(member_news_selectors.with_company(articles), slug=slug)
    body_text = in_language(article.body_fr, article.body_en)
    summary = in_language(article.summary_fr, article.summary_en)
    context = {
        "article": article,
        "body": markdown_render(body_text),
        "body_is_fallback": isinstance(body_text, Fallback),
        "summary": summary,
        "now": timezone.now(),
    }
    return render(request, "communications/public/news_detail.html", context)


@public_page("press", "reports", "calls", "register", "testimonials", "awards")
def press_room(request: HttpRequest) -> HttpResponse:
    # Ten queries: releases, downloads, coverage, open calls, success stories and their
    # consortia, testimonials, community's success stories and their organizations, the
    # winners of the latest awards; and the sections of the apps above.
    context = {
        "releases": selectors.press_releases_published()[:PRESS_ROOM_RELEASES],
        "assets": selectors.press_assets_published(),
        "coverage": MediaCoverage.objects.all()[:PRESS_ROOM_COVERAGE],
        "panels": panels.press_room.build(),
        "open_calls": list(call_selectors.calls_open()[:PRESS_ROOM_CALLS]),
        "success_stories": list(call_selectors.success_stories()[:PRESS_ROOM_STORIES]),
        "testimonials": testimonial_selectors.testimonials_published(limit=PRESS_ROOM_TESTIMONIALS),
        "community_stories": list(
            testimonial_selectors.stories_published(limit=PRESS_ROOM_STORIES)
        ),
        "award_winners": award_selectors.latest_winners(),
    }
    return render(request, "communications/public/press_room.html", context)


@public_page("press")
def press_release_detail(request: HttpRequest, slug: str) -> HttpResponse:
    releases = PressRelease.objects.all()
    if not permissions.is_animator(request.user):
        releases = selectors.press_releases_published()
    release = get_object_or_404(releases, slug=slug)
    body_text = in_language(release.body_fr, release.body_en)
    context = {
        "release": release,
        "body": markdown_render(body_text),
        "body_is_fallback": isinstance(body_text, Fallback),
    }
    return render(request, "communications/public/press_release_detail.html", context)


def _file_response(asset: PressAsset) -> FileResponse:
    extension = PurePath(asset.file.name).suffix
    try:
        handle = asset.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{asset.slug}{extension}")


def press_download(request: HttpRequest, slug: str) -> HttpResponse:
    """A non-gated asset downloads at once; a gated one asks who wants it first, then
    sends the browser to a signed link that serves the file (and works for a day)."""
    asset = get_object_or_404(selectors.press_assets_published(), slug=slug)
    if not asset.is_gated:
        return _file_response(asset)
    form = DownloadRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Asking for the newsletter sends an email, as the sign-up page does: same limit.
        if data["subscribe"] and not subscription_services.subscription_request_allowed(
            client_ip=client_ip(request)
        ):
            form.add_error(None, subscription_services.SIGNUP_LIMIT_MESSAGE)
            return render(
                request,
                "communications/public/press_download_form.html",
                {"asset": asset, "form": form},
                status=429,
            )
        outcome = services.download_request_record(
            asset=asset,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            organization_name=data["organization_name"],
            language=get_language(),
            subscribe=data["subscribe"],
        )
        token = services.download_token_make(download_request=outcome.request)
        if outcome.subscription_requested:
            messages.info(
                request,
                _("To receive the newsletter, click the link in the email we have just sent you."),
            )
        # Straight to the signed file: the browser saves it and stays on this page, so the
        # download starts on the one click, with no script or refresh for the CSP to block.
        return redirect("communications:press_download_file", slug=asset.slug, token=token)
    return render(
        request, "communications/public/press_download_form.html", {"asset": asset, "form": form}
    )


def press_download_file(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    asset = get_object_or_404(selectors.press_assets_published(), slug=slug)
    if not services.download_token_valid(token=token, asset=asset):
        messages.error(request, _("This download link has expired. Fill in the form again."))
        return redirect("communications:press_download", slug=asset.slug)
    return _file_response(asset)


# Back-office: news.


@permissions.staff_required
def staff_news(request: HttpRequest) -> HttpResponse:
    form = NewsFilterForm(request.GET)
    articles = selectors.news_staff_list(**form.filters())
    # Three queries: the count, the page with companies, the count of news to moderate.
    page = Paginator(articles, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "communications/staff/news_list.html"
    if request.htmx:
        template += "#results"
    context = {
        "page": page,
        "filter_form": form,
        "to_moderate": member_news_selectors.member_news_pending_count(),
        "today": timezone.localdate(),
    }
    return render(request, template, context)


@permissions.staff_required
def staff_news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = get_object_or_404(NewsArticle, pk=pk) if pk else NewsArticle()
    if article.is_member_news:
        # A company's news is edited where it is moderated, with its own fields.
        return redirect("communications:staff_member_news_review", pk=article.pk)
    form = NewsArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in NewsArticleForm.Meta.fields}
        services.news_article_save(
            article=article, data=data, image=form.cleaned_data["image"], user=request.user
        )
        messages.success(request, _("The article is saved."))
        return redirect("communications:staff_news")
    return render(request, "communications/staff/news_form.html", {"form": form, "object": article})


@require_POST
@permissions.staff_required
def staff_news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(NewsArticle, pk=pk)
    if article.is_member_news:
        # A company's news goes live only through moderation.
        return redirect("communications:staff_member_news_review", pk=article.pk)
    published = request.POST.get("published") == "1"
    services.news_article_publish(article=article, published=published)
    if published:
        messages.success(request, _("The article is published."))
    else:
        messages.success(request, _("The article is no longer published."))
    return redirect("communications:staff_news")


@require_POST
@permissions.staff_required
def staff_news_feature(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an article on the home page (until a date, or until taken off), or take it off."""
    article = get_object_or_404(NewsArticle, pk=pk)
    if request.POST.get("featured") != "1":
        member_news_services.news_article_feature(article=article, featured=False)
        messages.success(request, _("The article is no longer on the home page."))
        return redirect("communications:staff_news")
    form = NewsFeatureForm(request.POST)
    if not article.is_published:
        messages.error(request, _("Only a published article can go on the home page."))
    elif form.is_valid():
        member_news_services.news_article_feature(
            article=article, featured=True, until=form.cleaned_data["until"]
        )
        messages.success(request, _("The article is on the home page."))
    else:
        messages.error(request, " ".join(form.errors.get("until", [])))
    return redirect("communications:staff_news")


@require_POST
@permissions.staff_required
def staff_news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(NewsArticle, pk=pk)
    services.news_article_delete(article=article)
    messages.success(request, _("The article is deleted."))
    return redirect("communications:staff_news")


# Back-office: press releases and downloads.


@permissions.staff_required
def staff_press(request: HttpRequest) -> HttpResponse:
    releases = Paginator(PressRelease.objects.all(), STAFF_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": releases, "assets": PressAsset.objects.all()}
    return render(request, "communications/staff/press_list.html", context)


@permissions.staff_required
def staff_press_release_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    release = get_object_or_404(PressRelease, pk=pk) if pk else PressRelease()
    form = PressReleaseForm(request.POST or None, request.FILES or None, instance=release)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PressReleaseForm.Meta.fields}
        services.press_release_save(release=release, data=data, pdf=form.cleaned_data["pdf"])
        messages.success(request, _("The press release is saved."))
        return redirect("communications:staff_press")
    return render(
        request,
        "communications/staff/press_form.html",
        {"form": form, "object": release, "kind": _("press release"), "multipart": True},
    )


@require_POST
@permissions.staff_required
def staff_press_release_delete(request: HttpRequest, pk: int) -> HttpResponse:
    release = get_object_or_404(PressRelease, pk=pk)
    services.press_release_delete(release=release)
    messages.success(request, _("The press release is deleted."))
    return redirect("communications:staff_press")


@permissions.staff_required
def staff_press_asset_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    asset = get_object_or_404(PressAsset, pk=pk) if pk else PressAsset()
    form = PressAssetForm(request.POST or None, request.FILES or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PressAssetForm.Meta.fields}
        services.press_asset_save(asset=asset, data=data, upload=form.cleaned_data["upload"])
        messages.success(request, _("The download is saved."))
        return redirect("communications:staff_press")
    return render(
        request,
        "communications/staff/press_form.html",
        {"form": form, "object": asset, "kind": _("download"), "multipart": True},
    )


@require_POST
@permissions.staff_required
def staff_press_asset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(PressAsset, pk=pk)
    services.press_asset_delete(asset=asset)
    messages.success(request, _("The download is deleted."))
    return redirect("communications:staff_press")


@permissions.staff_required
def staff_press_requests(request: HttpRequest) -> HttpResponse:
    requests = selectors.download_requests_staff_list()
    if export := export_if_requested(
        request,
        filename="download-requests",
        table=lambda: selectors.download_requests_export_rows(requests=requests),
    ):
        return export
    page = Paginator(requests, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communications/staff/download_request_list.html", {"page": page})


# Back-office: media coverage.


@permissions.staff_required
def staff_coverage(request: HttpRequest) -> HttpResponse:
    form = CoverageFilterForm(request.GET)
    coverage = selectors.coverage_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="media-coverage",
        table=lambda: selectors.coverage_export_rows(coverage=coverage),
    ):
        return export
    page = Paginator(coverage, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "communications/staff/coverage_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
def staff_coverage_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    coverage = get_object_or_404(MediaCoverage, pk=pk) if pk else MediaCoverage()
    form = MediaCoverageForm(request.POST or None, instance=coverage)
    if request.method == "POST" and form.is_valid():
        services.media_coverage_save(coverage=coverage, data=form.cleaned_data)
        messages.success(request, _("The coverage is saved."))
        return redirect("communications:staff_coverage")
    return render(
        request,
        "communications/staff/press_form.html",
        {"form": form, "object": coverage, "kind": _("media coverage"), "multipart": False},
    )


@require_POST
@permissions.staff_required
def staff_coverage_delete(request: HttpRequest, pk: int) -> HttpResponse:
    coverage = get_object_or_404(MediaCoverage, pk=pk)
    services.media_coverage_delete(coverage=coverage)
    messages.success(request, _("The coverage is deleted."))
    return redirect("communications:staff_coverage")
