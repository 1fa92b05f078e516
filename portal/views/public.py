"""The public pages that belong to no app: the home page, the legal notice, the privacy
policy, and where a login lands."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from communications.selectors.member_news import news_featured
from community.selectors.testimonials import testimonials_published
from core.pagecache import public_page
from events.models import Event
from members.models import Organization
from portal import permissions
from portal.services.retention import RULES

HOME_TESTIMONIALS = 3


@public_page("register", "events", "news", "testimonials")
def home(request: HttpRequest) -> HttpResponse:
    # Two COUNT queries; both hit indexes (lifecycle, name) and (is_published, starts_at);
    # the featured news with their companies (one query) and the latest testimonials with
    # their organizations (one query, partial index).
    context = {
        "member_count": Organization.objects.members().count(),
        "events_this_year": Event.objects.published().in_year(timezone.localdate().year).count(),
        "featured_news": news_featured(),
        "testimonials": testimonials_published(limit=HOME_TESTIMONIALS),
    }
    return render(request, "portal/public/home.html", context)


@public_page()
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/public/legal.html")


@public_page()
def privacy_policy(request: HttpRequest) -> HttpResponse:
    # The periods the daily retention task applies, as configured (no query).
    retention_rules = [{"label": rule.label, "days": rule.days()} for rule in RULES]
    return render(request, "portal/public/privacy.html", {"retention_rules": retention_rules})


def after_login(request: HttpRequest) -> HttpResponse:
    """Where a login lands when no `next` was asked for: each role has its home."""
    if permissions.is_animator(request.user):
        return redirect("portal:staff_dashboard")
    if permissions.is_member_contact(request.user):
        return redirect("portal:space_dashboard")
    return redirect("portal:home")
