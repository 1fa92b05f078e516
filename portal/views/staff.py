"""The back-office pages that read several apps: the animators' dashboard, a person's
erasure, the register of processing activities and the retention rules."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.selectors.opportunities import opportunities_pending_count
from communications.selectors.member_news import member_news_pending_count
from community.selectors.discussions import reports_open_count
from core import animators
from core.personal_data import Nothing, declarations
from events.models import Event
from events.selectors import guest_registrations_recent
from members.models import Contact, MembershipApplication, Organization
from members.selectors import organizations as organization_selectors
from portal import permissions
from portal.services import personal_data, retention
from reports import charts
from reports.selectors import dashboard


@permissions.staff_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    # COUNT(*), not COUNT(id): read from the (lifecycle, name) index alone, where counting
    # ids reads every organization row (12 ms instead of 2 on 10,000 organizations).
    by_lifecycle = dict(
        Organization.objects.order_by().values_list("lifecycle").annotate(total=Count("*"))
    )
    preferences = animators.animator_preferences(user=request.user)
    context = {
        "lifecycle_counts": [
            (value, label, by_lifecycle.get(value, 0))
            for value, label in Organization.Lifecycle.choices
        ],
        # Contacts as the contacts list counts them: the erased are nobody any more.
        **Contact.objects.filter(anonymised_at__isnull=True).aggregate(
            contact_count=Count("pk"), login_count=Count("pk", filter=Q(user__isnull=False))
        ),
        "upcoming_events": Event.objects.published().upcoming()[:5],
        "segment_counts": organization_selectors.segment_counts(),
        "applications": MembershipApplication.objects.aggregate(
            pending=Count("pk", filter=Q(status=MembershipApplication.Status.PENDING)),
            new=Count(
                "pk",
                filter=Q(
                    status=MembershipApplication.Status.PENDING,
                    submitted_at__gt=animators.new_since(
                        preferences=preferences, what="applications"
                    ),
                ),
            ),
        ),
        "opportunities_to_moderate": opportunities_pending_count(),
        "member_news_to_moderate": member_news_pending_count(),
        "reported_messages": reports_open_count(),
        "new_guest_count": guest_registrations_recent()
        .filter(
            created_at__gt=animators.new_since(preferences=preferences, what="guest_registrations")
        )
        .count(),
        "preferences": preferences,
        "today": timezone.localdate(),
    }
    context["follow_ups"], context["follow_up_count"] = organization_selectors.follow_ups_due(
        user=request.user
    )
    context["quarter"] = _quarter_so_far()
    return render(request, "portal/staff/dashboard.html", context)


def _quarter_so_far() -> dict:
    """The current quarter's figures so far, as its report will count them, with the small
    charts of their trends."""
    quarter = dashboard.dashboard_figures()
    figures = quarter["figures"]
    monthly_members = [point["members"] for point in figures["membership"]["monthly"]]
    monthly_present = [point["present"] for point in figures["events"]["monthly"]]
    return {
        **quarter,
        "members_sparkline": charts.sparkline_svg(monthly_members),
        "attendance_sparkline": charts.sparkline_svg(monthly_present),
    }


@permissions.staff_required
def staff_contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.select_related("user").annotate(
            affiliation_count=Count("affiliations", distinct=True),
            interaction_count=Count("interactions", distinct=True),
        ),
        pk=pk,
    )
    error = None
    # Looked up before erasing: afterwards no name is left to find them by.
    mentions = personal_data.free_text_mentions(contact=contact)
    if request.method == "POST" and contact.anonymised_at is None:
        try:
            personal_data.contact_erase(contact=contact, erased_by=request.user)
        except personal_data.ErasureError:
            error = _("This person has a staff account: close it from the Django admin.")
        else:
            messages.success(request, _("The person is erased; their history stays counted."))
            # Rendered rather than redirected: the records to review are listed one last time.
            contact.refresh_from_db()
    return render(
        request,
        "portal/staff/contact_erase.html",
        {"contact": contact, "error": error, "mentions": mentions},
    )


@permissions.staff_required
def staff_privacy_register(request: HttpRequest) -> HttpResponse:
    # Built from the declarations in code: no query, and it cannot drift from what the
    # portal does.
    activities = [
        {
            "app": declaration.model._meta.app_config.verbose_name,
            "label": declaration.label,
            "model": declaration.model._meta.label,
            "purpose": declaration.purpose,
            "legal_basis": declaration.legal_basis.label,
            "categories": declaration.categories,
            "retention": declaration.retention.describe(),
            "processors": declaration.processors,
            "exported": not isinstance(declaration.export, Nothing),
            "export_note": getattr(declaration.export, "reason", ""),
            "erase_note": getattr(declaration.erase, "reason", ""),
            "free_text": bool(declaration.free_text),
        }
        for declaration in declarations()
    ]
    return render(request, "portal/staff/privacy_register.html", {"activities": activities})


@permissions.staff_required
def staff_privacy_retention(request: HttpRequest) -> HttpResponse:
    # One count per rule.
    rules = [
        {"rule": rule, "days": rule.days(), "count": count}
        for rule, count in retention.retention_preview()
    ]
    return render(request, "portal/staff/privacy_retention.html", {"rules": rules})
