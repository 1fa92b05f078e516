"""The pages `make bench` loads: every page of the public site, the back-office and the
member space, each as the persona who reads it.

A page is named by its URL name; a page whose URL takes arguments picks a real object once
the data is seeded (a listed organization, the busiest upcoming event…), the same one on
every run. tests/test_bench_pages.py fails when a URL without arguments is neither here nor
in EXCLUDED with a reason, so a new page cannot be left out of the benchmark unnoticed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.bench import surveys_data

ANONYMOUS = "anonymous"
STAFF = "staff"
MEMBER = "member"


@dataclass(frozen=True)
class Page:
    """`kwargs` runs once the data is seeded and returns the URL's arguments."""

    name: str
    url_name: str
    persona: str = ANONYMOUS
    kwargs: Callable[[], dict] | None = field(default=None, compare=False)
    query: str = ""

    @property
    def signed_in(self) -> bool:
        return self.persona != ANONYMOUS

    def path(self) -> str:
        from django.urls import reverse
        from django.utils import translation

        with translation.override("fr"):
            path = reverse(self.url_name, kwargs=self.kwargs() if self.kwargs else None)
        return f"{path}?{self.query}" if self.query else path


# Objects the pages with arguments show. Each is picked by a fixed order: same page every run.


def _listed_organization() -> dict:
    from members.selectors.directory import directory_queryset

    # A listed member with contacts, the hundredth: neither the first nor an empty one.
    slug = (
        directory_queryset()
        .filter(affiliations__isnull=False)
        .order_by("pk")
        .values_list("slug", flat=True)
        .distinct()[100]
    )
    return {"slug": slug}


def _member_organization() -> dict:
    """The member login's organization (it is its admin)."""
    from members.demo import MEMBER_EMAIL
    from members.models import Organization

    organization = Organization.objects.filter(
        affiliations__contact__user__email=MEMBER_EMAIL
    ).order_by("pk")[0]
    return {"slug": organization.slug}


def _busiest_event() -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from events.models import Event

    # The upcoming public event with the most registrations (ties by slug).
    slug = (
        Event.objects.published()
        .filter(
            audience=Event.Audience.PUBLIC,
            cancelled_at__isnull=True,
            starts_at__gte=timezone.now(),
        )
        .annotate(registration_count=Count("registrations"))
        .order_by("-registration_count", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    return {"slug": slug}


def _busiest_event_pk() -> dict:
    from events.models import Event

    return {"pk": Event.objects.get(slug=_busiest_event()["slug"]).pk}


def _this_month() -> dict:
    today = datetime.date.today()
    return {"year": today.year, "month": today.month}


def _this_year() -> dict:
    return {"year": datetime.date.today().year}


def _last_year() -> dict:
    return {"year": datetime.date.today().year - 1}


def _latest_slug(model_path: str, **filters) -> Callable[[], dict]:
    def kwargs() -> dict:
        from django.apps import apps

        model = apps.get_model(model_path)
        return {"slug": model.objects.filter(**filters).order_by("-pk")[0].slug}

    return kwargs


def _latest_pk(model_path: str, **filters) -> Callable[[], dict]:
    def kwargs() -> dict:
        from django.apps import apps

        model = apps.get_model(model_path)
        return {"pk": model.objects.filter(**filters).order_by("-pk")[0].pk}

    return kwargs


def _bench_survey() -> dict:
    from surveys.models import Survey

    return {"pk": Survey.objects.get(slug=surveys_data.SLUG).pk}


def _member_group() -> dict:
    from members.demo import MEMBER_EMAIL
    from members.models import WorkingGroup

    group = WorkingGroup.objects.filter(
        members__contact__user__email=MEMBER_EMAIL, members__status="accepted"
    ).order_by("pk")[0]
    return {"slug": group.slug}


def _member_report() -> dict:
    from reports.models import Report

    return {"pk": Report.objects.filter(versions__isnull=False).order_by("-pk")[0].pk}


def _member_statement() -> dict:
    from reports.models import MemberStatement

    statement = MemberStatement.objects.filter(
        organization__slug=_member_organization()["slug"]
    ).order_by("-year")[0]
    return {"slug": statement.organization.slug, "year": statement.year}


def _member_need() -> dict:
    """The member login's organization's current need, whose suggestions it reads."""
    from collaboration.models import Post

    need = (
        Post.objects.current()
        .filter(kind=Post.Kind.NEED, organization__slug=_member_organization()["slug"])
        .order_by("pk")[0]
    )
    return {"pk": need.pk}


def _open_call() -> dict:
    from django.utils import timezone

    from collaboration.models import Call

    call = Call.objects.published().filter(deadline__gt=timezone.now()).order_by("pk")[0]
    return {"slug": call.slug}


def _award_edition() -> dict:
    """The latest announced edition of the awards: its page lists the winners."""
    from community.models import Edition

    edition = Edition.objects.published().filter(announced_at__isnull=False).latest("announced_at")
    return {"slug": edition.slug}


def _member_thread() -> dict:
    """The longest thread of a working group the member login belongs to."""
    from community.models import Thread
    from members.demo import MEMBER_EMAIL

    thread = (
        Thread.objects.filter(
            group__members__contact__user__email=MEMBER_EMAIL, group__members__status="accepted"
        )
        .select_related("group")
        .order_by("-message_count", "pk")[0]
    )
    return {"slug": thread.group.slug, "pk": thread.pk}


def _member_thread_group() -> dict:
    return {"slug": _member_thread()["slug"]}


def _board_opportunity() -> dict:
    """The newest item on the public board (an expired one answers 404)."""
    from collaboration.models import Opportunity

    return {"slug": Opportunity.objects.on_board().order_by("-pk")[0].slug}


def _busiest_project() -> dict:
    """The project with the most organizations around it."""
    from django.db.models import Count

    from collaboration.models import Project

    project = Project.objects.annotate(size=Count("participations")).order_by("-size", "pk")[0]
    return {"slug": project.slug, "pk": project.pk}


# The first page is the ceiling the others are read against: the framework's trivial view.
CEILING = Page("robots.txt (ceiling)", "robots_txt")

PUBLIC = [
    Page("home", "portal:home"),
    Page("directory", "members:directory"),
    Page("directory search", "members:directory", query="q=numerique"),
    Page("directory filters", "members:directory", query="sector=sante&region=76"),
    Page("network directory feed", "network_feed:directory_json"),
    Page("directory page 2", "members:directory", query="page=2"),
    Page("directory profile", "members:directory_profile", kwargs=_listed_organization),
    Page("partners", "members:partners"),
    Page("join", "members:join"),
    # Search engines: the sitemap's index and its largest section, the profiles.
    Page("sitemap index", "sitemap"),
    Page("sitemap of profiles", "sitemap_section", kwargs=lambda: {"section": "members"}),
    Page("join thanks", "members:join_thanks"),
    Page("events list", "events:event_list"),
    Page("events month", "events:event_month", kwargs=_this_month),
    Page("events annual", "events:annual_calendar", kwargs=_this_year),
    Page("event page", "events:event_detail", kwargs=_busiest_event),
    Page("events iCal feed", "events:calendar_ics"),
    Page("faq", "communications:faq"),
    Page("news list", "communications:news_list"),
    Page(
        "news item",
        "communications:news_detail",
        kwargs=_latest_slug("communications.NewsArticle", is_published=True),
    ),
    Page("press room", "communications:press_room"),
    Page(
        "press release",
        "communications:press_release",
        kwargs=_latest_slug("communications.PressRelease", is_published=True),
    ),
    Page("newsletter signup", "communications:newsletter"),
    Page("newsletter archive", "communications:newsletter_archive"),
    Page(
        "newsletter issue",
        "communications:newsletter_web",
        kwargs=_latest_slug("communications.Newsletter", status="sent"),
    ),
    Page("annual report", "reports:public_annual", kwargs=_last_year),
    Page("legal", "portal:legal"),
    Page("privacy", "portal:privacy"),
    Page("calls", "collaboration:call_list"),
    Page("call page", "collaboration:call_detail", kwargs=_open_call),
    Page("success stories", "collaboration:call_stories"),
    Page("opportunities board", "collaboration:opportunity_board"),
    Page(
        "opportunities search",
        "collaboration:opportunity_board",
        query="q=developpeur&kind=internship",
    ),
    Page("opportunity page", "collaboration:opportunity_detail", kwargs=_board_opportunity),
    Page("opportunities Atom feed", "collaboration:opportunity_feed"),
    Page("awards", "community:award_list"),
    Page("awards edition", "community:award_detail", kwargs=_award_edition),
    Page("stories (community)", "community:story_list"),
    # The open API's public directory, stored for anonymous callers like the pages.
    Page("API directory", "api:directory_list"),
    Page("API directory organization", "api:directory_detail", kwargs=_listed_organization),
]

STAFF_PAGES = [
    Page("staff dashboard", "portal:staff_dashboard", STAFF),
    Page("staff member news", "communications:staff_member_news", STAFF),
    Page("staff reported messages", "community:staff_discussion_reports", STAFF),
    Page("staff testimonials", "community:staff_testimonials", STAFF),
    Page("staff testimonial form", "community:staff_testimonial_create", STAFF),
    Page("staff stories", "community:staff_stories", STAFF),
    Page("staff story form", "community:staff_story_create", STAFF),
    Page("staff notifications", "core:staff_notifications", STAFF),
    Page("staff failing emails", "core:staff_emails", STAFF),
    Page("staff webhooks", "webhooks:staff_endpoints", STAFF),  # webhooks
    Page("staff webhook form", "webhooks:staff_endpoint_create", STAFF),  # webhooks
    Page("staff organizations", "members:staff_organizations", STAFF),
    Page("staff organizations p2", "members:staff_organizations", STAFF, query="page=2"),
    Page("staff organization 360", "members:staff_organization", STAFF, _listed_organization),
    Page("staff org memberships", "members:staff_memberships", STAFF, _listed_organization),
    Page(
        "staff org attendance",
        "events:staff_organization_attendance",
        STAFF,
        _listed_organization,
    ),
    Page("staff contacts", "members:staff_contacts", STAFF),
    Page("staff follow-ups", "members:staff_follow_ups", STAFF),
    Page("staff applications", "members:staff_applications", STAFF),
    Page(
        "staff application",
        "members:staff_application",
        STAFF,
        _latest_pk("members.MembershipApplication", status="pending"),
    ),
    Page("staff dues", "members:staff_dues", STAFF),
    Page("staff groups", "members:staff_groups", STAFF),
    Page("staff group", "members:staff_group", STAFF, _member_group),
    Page("staff group form", "members:staff_group_create", STAFF),
    Page("staff imports", "members:staff_imports", STAFF),
    Page("staff events", "events:staff_events", STAFF),
    Page("staff event dashboard", "events:staff_event", STAFF, _busiest_event_pk),
    Page("staff guests", "events:staff_guest_registrations", STAFF),
    Page("staff event form", "events:staff_event_create", STAFF),
    Page("staff partner feeds", "events:staff_partners", STAFF),
    Page("staff partner form", "events:staff_partner_create", STAFF),
    Page("staff partner directories", "network:staff_partners", STAFF),
    Page("staff partner directory form", "network:staff_partner_create", STAFF),
    Page("staff debates", "events:staff_debates", STAFF),
    Page("staff faq", "communications:staff_faq", STAFF),
    Page("staff faq entry form", "communications:staff_faq_entry_create", STAFF),
    Page("staff faq category form", "communications:staff_faq_category_create", STAFF),
    Page("staff newsletters", "communications:staff_newsletters", STAFF),
    Page(
        "staff newsletter",
        "communications:staff_newsletter",
        STAFF,
        _latest_pk("communications.Newsletter", status="sent"),
    ),
    Page("staff newsletter form", "communications:staff_newsletter_create", STAFF),
    Page("staff subscribers", "communications:staff_newsletter_subscribers", STAFF),
    Page("staff news", "communications:staff_news", STAFF),
    Page("staff news form", "communications:staff_news_create", STAFF),
    Page("staff press", "communications:staff_press", STAFF),
    Page("staff press release form", "communications:staff_press_release_create", STAFF),
    Page("staff press asset form", "communications:staff_press_asset_create", STAFF),
    Page("staff press requests", "communications:staff_press_requests", STAFF),
    Page("staff coverage", "communications:staff_coverage", STAFF),
    Page("staff coverage form", "communications:staff_coverage_create", STAFF),
    Page("staff plan", "communications:staff_plan", STAFF),
    Page("staff objective form", "communications:staff_objective_create", STAFF),
    Page("staff action form", "communications:staff_action_create", STAFF),
    Page("staff indicator form", "communications:staff_indicator_create", STAFF),
    Page("staff surveys", "surveys:staff_surveys", STAFF),
    Page("staff survey", "surveys:staff_survey", STAFF, _bench_survey),
    Page("staff survey results", "surveys:staff_survey_results", STAFF, _bench_survey),
    Page("staff survey form", "surveys:staff_survey_create", STAFF),
    Page("staff reports", "reports:staff_reports", STAFF),
    Page("staff report", "reports:staff_report", STAFF, _member_report),
    Page("staff report form", "reports:staff_report_create", STAFF),
    Page("staff privacy register", "portal:staff_privacy_register", STAFF),
    Page("staff privacy retention", "portal:staff_privacy_retention", STAFF),
    Page("staff calls", "collaboration:staff_calls", STAFF),
    Page("staff call form", "collaboration:staff_call_create", STAFF),
    Page("staff projects", "collaboration:staff_projects", STAFF),
    Page("staff projects board", "collaboration:staff_board", STAFF),
    Page(
        "staff project",
        "collaboration:staff_project",
        STAFF,
        lambda: {"pk": _busiest_project()["pk"]},
    ),
    Page("staff needs and offers", "collaboration:staff_posts", STAFF),
    Page("staff suggestions", "collaboration:staff_post_suggestions", STAFF, _member_need),
    Page("staff introductions", "collaboration:staff_introductions", STAFF),
    Page("staff introduction form", "collaboration:staff_introduction_create", STAFF),
    Page("staff opportunities", "collaboration:staff_opportunities", STAFF),
    Page("staff opportunity form", "collaboration:staff_opportunity_create", STAFF),
    Page("staff moderation", "collaboration:staff_opportunity_moderation", STAFF),
    Page("staff awards", "community:staff_awards", STAFF),
    Page("staff awards edition form", "community:staff_award_create", STAFF),
    Page("staff API tokens", "api_tokens:staff_tokens", STAFF),
    Page("staff API token form", "api_tokens:staff_token_create", STAFF),
    Page("staff API audit log", "api_tokens:staff_audit", STAFF),
]

SPACE = [
    Page("space home", "portal:space_dashboard", MEMBER),
    Page("space my data", "portal:space_my_data", MEMBER),
    Page("space org profile", "members:space_profile", MEMBER, _member_organization),
    Page("space org contacts", "members:space_contacts", MEMBER, _member_organization),
    Page("space membership", "members:space_membership", MEMBER, _member_organization),
    Page("space groups", "members:space_groups", MEMBER),
    Page("space group", "members:space_group", MEMBER, _member_group),
    Page("space events", "events:space_events", MEMBER),
    Page("space whole network", "network:search", MEMBER),
    Page("space whole network search", "network:search", MEMBER, query="q=cybersecurite"),
    Page("space calendar", "events:my_calendar", MEMBER),
    Page("space debates", "events:space_debates", MEMBER),
    Page("space newsletter", "communications:space_newsletter", MEMBER),
    Page("space surveys", "surveys:space_surveys", MEMBER),
    Page("space reports", "reports:space_reports", MEMBER),
    Page("space report", "reports:space_report", MEMBER, _member_report),
    Page("space statements", "reports:space_statements", MEMBER),
    Page("space statement", "reports:space_statement", MEMBER, _member_statement),
    Page("space projects", "collaboration:space_projects", MEMBER),
    Page("space my projects", "collaboration:space_my_projects", MEMBER),
    Page(
        "space project",
        "collaboration:space_project",
        MEMBER,
        lambda: {"slug": _busiest_project()["slug"]},
    ),
    Page("space project form", "collaboration:space_project_submit", MEMBER, _open_call),
    Page("space needs and offers", "collaboration:space_posts", MEMBER),
    Page("space need form", "collaboration:space_post_create", MEMBER),
    Page("space suggestions", "collaboration:space_post_suggestions", MEMBER, _member_need),
    Page("space introductions", "collaboration:space_introductions", MEMBER),
    Page("space digest", "collaboration:space_digest", MEMBER),
    Page("space opportunities", "collaboration:space_opportunities", MEMBER),
    Page("space opportunity form", "collaboration:space_opportunity_create", MEMBER),
    Page("space awards", "community:space_awards", MEMBER),
    Page("space group threads", "community:group_threads", MEMBER, _member_thread_group),
    Page("space thread", "community:thread", MEMBER, _member_thread),
    Page("space company news", "communications:space_member_news", MEMBER),
    Page("space company news form", "communications:space_member_news_create", MEMBER),
    Page("space testimonials", "community:space_testimonials", MEMBER),
    Page("space API tokens", "api_tokens:space_tokens", MEMBER),
    Page("space API token form", "api_tokens:space_token_create", MEMBER, _member_organization),
]

PAGES = [CEILING, *PUBLIC, *STAFF_PAGES, *SPACE]

# URLs without arguments under /fr/ that the bench does not load, and why.
EXCLUDED = {
    "portal:after_login": "a redirect to the space or the back-office, not a page",
    "portal:space_my_data_export": "a download of one's personal data, asked for once",
    "events:my_calendar_regenerate": "POST only: makes a new personal calendar link",
    "members:space_profile_home": "a redirect to the profile of one's organization (benched)",
}
