"""Testimonials and success stories: the public stories pages and the page where a person
withdraws their consent through their link; the member's own testimonials; the back-office
lists and forms."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community import permissions
from community.forms.testimonials import (
    StoryFilterForm,
    SuccessStoryForm,
    TestimonialConsentForm,
    TestimonialFilterForm,
    TestimonialForm,
    TestimonialWithdrawForm,
)
from community.models import SuccessStory, Testimonial, TestimonialConsent
from community.selectors import testimonials as selectors
from community.services import testimonials as services
from core.exports import export_if_requested
from core.pagecache import public_page

STORIES_PER_PAGE = 10
STAFF_PER_PAGE = 25


# Public pages.


@public_page("testimonials", "register")
def story_list(request: HttpRequest) -> HttpResponse:
    # Three queries: the count, the page of stories with their projects, and their
    # organizations.
    page = Paginator(selectors.stories_published(), STORIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "community/public/testimonials/story_list.html", {"page": page})


@public_page("testimonials", "register")
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = selectors.story_public(slug=slug)
    if story is None or not (story.is_published or permissions.is_animator(request.user)):
        raise Http404
    return render(request, "community/public/testimonials/story_detail.html", {"story": story})


@never_cache
def testimonial_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the email that told the person their testimonial is online: it asks
    once, then withdraws the consent and takes the testimonial down."""
    testimonial = services.testimonial_for_link(token=token)
    if testimonial is None:
        return render(
            request, "community/public/testimonials/withdraw_link_invalid.html", status=404
        )
    if request.method == "POST":
        services.testimonial_withdraw_by_link(token=token)
        return render(request, "community/public/testimonials/withdrawn.html")
    return render(
        request, "community/public/testimonials/withdraw.html", {"testimonial": testimonial}
    )


# Member space.


@permissions.member_required
def space_testimonials(request: HttpRequest) -> HttpResponse:
    contact = permissions.contact_of(request.user)
    testimonials = selectors.testimonials_of_contact(contact=contact) if contact else []
    for testimonial in testimonials:
        testimonial.in_force = next(
            (consent for consent in testimonial.consents.all() if consent.withdrawn_at is None),
            None,
        )
    return render(request, "community/space/testimonials/list.html", {"testimonials": testimonials})


@require_POST
@permissions.member_required
def space_testimonial_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = permissions.testimonial_of_user(request.user, pk)
    if testimonial is None:
        raise Http404
    services.testimonial_consent_withdraw(
        testimonial=testimonial, method=TestimonialConsent.WithdrawalMethod.MEMBER_SPACE
    )
    messages.success(request, _("Your consent is withdrawn: the testimonial is no longer shown."))
    return redirect("community:space_testimonials")


# Back-office: testimonials.


def _testimonial_for_staff(pk: int, *, to_change: bool = True) -> Testimonial:
    """The testimonial for staff; one anonymised by an erasure is only read (its consent
    history is the proof kept), never changed, published or given a new consent."""
    testimonial = selectors.testimonial_staff(pk=pk)
    if testimonial is None or (to_change and testimonial.anonymised_at is not None):
        raise Http404
    return testimonial


@permissions.staff_required
def staff_testimonials(request: HttpRequest) -> HttpResponse:
    form = TestimonialFilterForm(request.GET)
    testimonials = selectors.testimonials_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="testimonials",
        table=lambda: selectors.testimonials_export_rows(testimonials=testimonials),
    ):
        return export
    # Three queries: the count, the page with organizations, their consents in force.
    page = Paginator(testimonials, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "community/staff/testimonials/list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
def staff_testimonial_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    testimonial = (
        _testimonial_for_staff(pk, to_change=request.method == "POST") if pk else Testimonial()
    )
    form = (
        None
        if testimonial.anonymised_at
        else TestimonialForm(request.POST or None, request.FILES or None, instance=testimonial)
    )
    if request.method == "POST" and form.is_valid():
        had_consent = testimonial.pk is not None and services.consent_in_force(testimonial)
        testimonial = services.testimonial_save(
            testimonial=testimonial,
            data=form.cleaned_data,
            photo=form.cleaned_data.get("photo"),
            user=request.user,
        )
        if had_consent and services.consent_in_force(testimonial) is None:
            messages.warning(
                request,
                _(
                    "The testimonial is saved. Its quote changed, so the person's consent no "
                    "longer covers it: it is no longer shown until you record their consent "
                    "to the new wording."
                ),
            )
        else:
            messages.success(request, _("The testimonial is saved."))
        return redirect("community:staff_testimonial_edit", pk=testimonial.pk)
    context = {"form": form, "object": testimonial}
    if testimonial.pk:
        consents = selectors.testimonial_consents(testimonial=testimonial)
        context["consents"] = consents
        context["in_force"] = next((c for c in consents if c.withdrawn_at is None), None)
    return render(request, "community/staff/testimonials/form.html", context)


@permissions.staff_required
def staff_testimonial_consent(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = _testimonial_for_staff(pk)
    form = TestimonialConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.testimonial_consent_record(
                testimonial=testimonial, user=request.user, **form.cleaned_data
            )
        except services.ConsentInForceError:
            messages.info(request, _("A consent is already in force for this testimonial."))
        else:
            messages.success(
                request, _("The consent is recorded: the testimonial may be published.")
            )
        return redirect("community:staff_testimonial_edit", pk=testimonial.pk)
    return render(
        request,
        "community/staff/testimonials/consent.html",
        {"form": form, "object": testimonial},
    )


@require_POST
@permissions.staff_required
def staff_testimonial_publish(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = _testimonial_for_staff(pk)
    try:
        services.testimonial_publish(testimonial=testimonial)
    except services.NoConsentError:
        messages.error(
            request,
            _("No consent to publish is in force: record the person's consent first."),
        )
    else:
        messages.success(request, _("The testimonial is online."))
    return redirect("community:staff_testimonial_edit", pk=testimonial.pk)


@require_POST
@permissions.staff_required
def staff_testimonial_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = _testimonial_for_staff(pk)
    services.testimonial_unpublish(testimonial=testimonial)
    messages.success(request, _("The testimonial is no longer shown; its consent stays in force."))
    return redirect("community:staff_testimonial_edit", pk=testimonial.pk)


@permissions.staff_required
def staff_testimonial_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the person withdrew their consent (by email, in person, by phone)."""
    testimonial = _testimonial_for_staff(pk)
    form = TestimonialWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdrawn_on = form.cleaned_data["withdrawn_on"]
        when = (
            timezone.now()
            if withdrawn_on == timezone.localdate()
            else timezone.make_aware(datetime.datetime.combine(withdrawn_on, datetime.time(12)))
        )
        if services.testimonial_consent_withdraw(
            testimonial=testimonial,
            method=form.cleaned_data["method"],
            user=request.user,
            when=when,
        ):
            messages.success(
                request, _("The withdrawal is recorded and the testimonial is taken down.")
            )
        else:
            messages.info(request, _("No consent was in force for this testimonial."))
        return redirect("community:staff_testimonial_edit", pk=testimonial.pk)
    return render(
        request,
        "community/staff/testimonials/withdraw.html",
        {"form": form, "object": testimonial},
    )


# Back-office: success stories.


@permissions.staff_required
def staff_stories(request: HttpRequest) -> HttpResponse:
    form = StoryFilterForm(request.GET)
    stories = selectors.stories_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="success-stories",
        table=lambda: selectors.stories_export_rows(stories=stories),
    ):
        return export
    # Three queries: the count, the page, the page's organizations.
    page = Paginator(stories, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    template = "community/staff/testimonials/story_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
def staff_story_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    story = SuccessStory.objects.filter(pk=pk).first() if pk else SuccessStory()
    if story is None:
        raise Http404
    form = SuccessStoryForm(request.POST or None, request.FILES or None, instance=story)
    if request.method == "POST" and form.is_valid():
        story = services.story_save(
            story=story,
            data=form.cleaned_data,
            organizations=form.cleaned_data["organizations"],
            image=form.cleaned_data.get("image"),
            user=request.user,
        )
        messages.success(request, _("The success story is saved."))
        return redirect("community:staff_story_edit", pk=story.pk)
    return render(
        request, "community/staff/testimonials/story_form.html", {"form": form, "object": story}
    )


@require_POST
@permissions.staff_required
def staff_story_publish(request: HttpRequest, pk: int) -> HttpResponse:
    story = SuccessStory.objects.filter(pk=pk).first()
    if story is None:
        raise Http404
    published = request.POST.get("published") == "1"
    services.story_publish(story=story, published=published)
    messages.success(
        request,
        _("The success story is online.") if published else _("The success story is withdrawn."),
    )
    return redirect("community:staff_story_edit", pk=story.pk)
