"""Public pages stored whole for anonymous visitors (core.pagecache).

Every stored page is walked: the second anonymous visit costs no query and carries the HTTP
caching headers; a conditional request gets 304; a signed-in visitor always gets the page
rendered for them. Each kind of change refreshes the pages that show it and no other, and
every model either feeds a topic or is declared private, so a new model cannot be
forgotten.
"""

import datetime
import logging

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from collaboration.tests.opportunity_factories import opportunity_make
from communications.models import FaqCategory, FaqEntry, NewsArticle, Newsletter, PressRelease
from community.tests.testimonials_factories import make_story, make_testimonial
from core import pagecache
from events.models import Event
from events.tests.factories import EventFactory, GuestRegistrationFactory
from members.models import Membership, Organization
from members.services import directory as directory_services
from members.tests.factories import OrganizationFactory
from reports.services import reports as report_services
from tests.project_apps import PROJECT_APPS


@pytest.fixture
def site(db, settings, monkeypatch):
    """One of everything a public page shows, and the address of every stored page."""
    settings.LANGUAGE_CODE = "en"
    # The annual report's PDFs are not what these pages show (reports' own tests make them).
    monkeypatch.setattr(
        "reports.services.rendering.report_pdf", lambda **options: b"%PDF-1.7 report"
    )
    member = OrganizationFactory(
        name="Alpha Numérique", slug="alpha", directory_consent_at=timezone.now()
    )
    directory_services.organization_search_refresh(organization=member)
    # Something recorded in 2025, for its annual report.
    Membership.objects.create(
        organization=member,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=Membership.Status.ACTIVE,
        dues_amount=900,
    )
    OrganizationFactory(name="Région", slug="region", lifecycle=Organization.Lifecycle.PARTNER)
    soon = timezone.now() + datetime.timedelta(days=10)
    common = {"audience": Event.Audience.PUBLIC, "capacity": 20}
    event_a = EventFactory(slug="atelier", starts_at=soon, **common)
    event_b = EventFactory(
        slug="visite", starts_at=soon, ends_at=soon + datetime.timedelta(hours=2), **common
    )
    NewsArticle.objects.create(slug="nouvelle", title_fr="Nouvelle", body_fr="x", is_published=True)
    PressRelease.objects.create(slug="cp", title_fr="CP", body_fr="x", is_published=True)
    category = FaqCategory.objects.create(slug="essai", position=99, name_fr="Essai")
    FaqEntry.objects.create(
        category=category, slug="essai-cout", question_fr="Combien ?", answer_fr="Peu."
    )
    Newsletter.objects.create(
        slug="lettre",
        subject_fr="Lettre",
        body_fr="Texte",
        audience={"subscribers": True},
        status=Newsletter.Status.SENT,
        sent_at=timezone.now(),
    )
    report = report_services.report_create(kind="year", year=2025, number=1)
    report_services.report_publish(
        report=report_services.report_build_now(report=report), announce=False
    )
    version = report.versions.get()
    report_services.report_version_public_set(version=version, public=True)
    call = _call_with_story(member)
    opportunity_make(slug="stage", title="Stage Python", organization=member)
    make_testimonial(organization=member, published=True)
    make_story(organizations=[member], slug="histoire")
    _award_edition()
    year = timezone.localdate().year
    month = timezone.localtime(soon).date()
    pages = {
        "portal:home": "/en/",
        "portal:legal": "/en/legal/",
        # The sitemap lists the pages of every topic but the FAQ's.
        "None:sitemap": "/sitemap.xml",
        "None:sitemap_section": "/sitemap-members.xml",
        "portal:privacy": "/en/privacy/",
        "members:directory": "/en/members/",
        "members:directory search": "/en/members/?q=numerique",
        "members:directory_profile": "/en/members/alpha/",
        "members:partners": "/en/partners/",
        "events:event_list": "/en/events/",
        "events:event_month": f"/en/events/month/{month.year}/{month.month}/",
        "events:annual_calendar": f"/en/events/annual/{year}/",
        "events:annual_calendar_pdf": f"/en/events/annual/{year}/pdf/",
        "events:calendar_ics": "/en/events/calendar.ics",
        "events:event_detail": "/en/events/atelier/",
        "events:event_detail other": "/en/events/visite/",
        "communications:faq": "/en/faq/",
        "communications:news_list": "/en/news/",
        "communications:news_detail": "/en/news/nouvelle/",
        "communications:press_room": "/en/press/",
        "communications:press_release": "/en/press/releases/cp/",
        "communications:newsletter_archive": "/en/newsletter/archive/",
        "communications:newsletter_web": "/en/newsletter/lettre/",
        "reports:public_annual": "/en/press/annual-report/2025/",
        "collaboration:call_list": "/en/calls/",
        "collaboration:call_detail": f"/en/calls/{call.slug}/",
        "collaboration:call_stories": "/en/calls/stories/",
        "collaboration:opportunity_board": "/en/opportunities/",
        "collaboration:opportunity_board search": "/en/opportunities/?q=python&kind=internship",
        "collaboration:opportunity_detail": "/en/opportunities/stage/",
        "collaboration:opportunity_feed": "/en/opportunities/feed.atom",
        "collaboration:opportunity_kind_feed": "/en/opportunities/internship/feed.atom",
        "community:story_list": "/en/stories/",
        "community:story_detail": "/en/stories/histoire/",
        "community:award_list": "/en/awards/",
        "community:award_detail": "/en/awards/trophees/",
        # The network directory feed, one address whatever the language.
        "network_feed:directory_json": "/network/directory.json",
    }
    return {"pages": pages, "member": member, "event_a": event_a, "event_b": event_b}


def _award_edition():
    from community.tests.awards_helpers import edition_make

    return edition_make(slug="trophees")


def _award_edited(site):
    from community.models import Edition

    edition = Edition.objects.get(slug="trophees")
    edition.title_en = "Innovation awards, corrected"
    edition.save()


def _call_with_story(lead):
    """An open call whose project is a success story its lead agreed to."""
    from collaboration.models import Call, Participation, Project

    call = Call.objects.create(
        slug="appel",
        title_fr="Appel",
        deadline=timezone.now() + datetime.timedelta(days=30),
        is_published=True,
    )
    project = Project.objects.create(
        call=call,
        slug="projet",
        title="Projet",
        summary="x",
        lead=lead,
        stage=Project.Stage.FUNDED,
        is_success_story=True,
        story_fr="Réussi",
    )
    Participation.objects.create(
        project=project,
        organization=lead,
        role=Participation.Role.LEAD,
        status=Participation.Status.ACCEPTED,
        story_consent_at=timezone.now(),
    )
    return call


def _stored_views() -> set[str]:
    """`namespace:name` of every URL whose view is stored for anonymous visitors."""
    found = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and hasattr(
                pattern.callback, "public_page_topics"
            ):
                found.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return found


def _get(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def test_every_stored_page_is_walked(site):
    walked = {name.split(" ")[0] for name in site["pages"]}
    assert walked == _stored_views()


def test_the_second_anonymous_visit_of_every_stored_page_costs_no_query(client, site):
    for name, path in site["pages"].items():
        first, _queries = _get(client, path)
        assert first.status_code == 200, name
        second, queries = _get(client, path)
        assert (second.status_code, queries) == (200, 0), name
        assert second.content == first.content, name
        control = second["Cache-Control"]
        assert "public" in control and "max-age=" in control, name
        assert "stale-while-revalidate=" in control, name
        assert second["ETag"].startswith('"'), name
        assert {"Cookie", "HX-Request"} <= {v.strip() for v in second["Vary"].split(",")}, name
        assert not second.cookies, name
        assert b"csrfmiddlewaretoken" not in second.content, name
        assert b"X-CSRFToken" not in second.content, name


def test_a_conditional_request_gets_304_without_the_page(client, site):
    path = site["pages"]["members:directory"]
    etag = client.get(path)["ETag"]

    response, queries = _get(client, path, if_none_match=etag)

    assert (response.status_code, queries, response.content) == (304, 0, b"")
    assert response["ETag"] == etag
    changed, _queries = _get(client, path, if_none_match='"another"')
    assert changed.status_code == 200


def test_a_signed_in_visitor_never_gets_a_stored_copy(client_for, personas, site):
    path = site["pages"]["members:directory"]
    anonymous = client_for("anonymous")
    anonymous.get(path)
    for persona in ("member_contact", "staff"):
        client = client_for(persona)
        response, queries = _get(client, path)
        assert response.status_code == 200
        assert queries > 0, persona
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert not response.has_header("ETag")
        # The signed-in page keeps what htmx needs to post.
        assert b"X-CSRFToken" in response.content
    # Nor does a signed-in visit put its page in the store.
    _response, queries = _get(client_for("anonymous"), path)
    assert queries == 0


def test_the_htmx_fragment_and_the_page_are_stored_apart(client, site):
    path = site["pages"]["members:directory"]
    page = client.get(path)
    fragment = client.get(path, headers={"HX-Request": "true"})
    assert b"<html" in page.content and b"<html" not in fragment.content
    again, queries = _get(client, path, HX_Request="true")
    assert queries == 0 and again.content == fragment.content


def _refreshed_after(client, site, change) -> set[str]:
    pages = {
        name: path
        for name, path in site["pages"].items()
        # WeasyPrint makes the annual PDF slow; it reads the same topic as the calendar.
        if name != "events:annual_calendar_pdf"
    }
    for path in pages.values():
        client.get(path)
    change(site)
    refreshed = set()
    for name, path in pages.items():
        response, queries = _get(client, path)
        assert response.status_code == 200, name
        if queries:
            refreshed.add(name)
    return refreshed


def _organization_renamed(site):
    site["member"].name = "Alpha Numérique et Associés"
    site["member"].save()


def _testimonial_withdrawn(site):
    from community.models import Testimonial
    from community.services.testimonials import testimonial_consent_withdraw

    testimonial_consent_withdraw(testimonial=Testimonial.objects.get(), method="email")


def _registration(site):
    GuestRegistrationFactory(event=site["event_a"])


def _event_retitled(site):
    site["event_b"].title_fr = "Visite d'usine"
    site["event_b"].save()


def _faq_answered(site):
    FaqEntry.objects.update_or_create(
        slug="essai-cout", defaults={"answer_fr": "Selon la taille de l'entreprise."}
    )


def _news_edited(site):
    article = NewsArticle.objects.get(slug="nouvelle")
    article.title_fr = "Nouvelle corrigée"
    article.save()


def _press_release_edited(site):
    release = PressRelease.objects.get(slug="cp")
    release.title_fr = "CP corrigé"
    release.save()


def _newsletter_sent(site):
    Newsletter.objects.create(
        slug="lettre-2",
        subject_fr="Lettre 2",
        body_fr="Texte",
        audience={"subscribers": True},
        status=Newsletter.Status.SENT,
        sent_at=timezone.now(),
    )


def _call_edited(site):
    from collaboration.models import Call

    call = Call.objects.get(slug="appel")
    call.title_fr = "Appel corrigé"
    call.save()


def _report_withdrawn(site):
    version = report_services.ReportVersion.objects.get()
    report_services.report_version_public_set(version=version, public=False)


SITEMAP_PAGES = {"None:sitemap", "None:sitemap_section"}
REGISTER_PAGES = {
    *SITEMAP_PAGES,
    "portal:home",
    "members:directory",
    "members:directory search",
    "members:directory_profile",
    "members:partners",
    # The success stories name their consortium's organizations.
    "collaboration:call_list",
    "collaboration:call_detail",
    "collaboration:call_stories",
    "communications:press_room",
    # The opportunities board, its pages and feeds name the organization that posts.
    "collaboration:opportunity_board",
    "collaboration:opportunity_board search",
    "collaboration:opportunity_detail",
    "collaboration:opportunity_feed",
    "collaboration:opportunity_kind_feed",
    # Success stories link the organizations that made them.
    "community:story_list",
    "community:story_detail",
    # Member companies' news names the company and links its directory profile.
    "communications:news_list",
    "communications:news_detail",
    # The awards pages link to the winners' profiles.
    "community:award_list",
    "community:award_detail",
    # The network directory feed lists the register's organizations.
    "network_feed:directory_json",
}
EVENTS_PAGES = {
    *SITEMAP_PAGES,
    "portal:home",
    "events:event_list",
    "events:event_month",
    "events:annual_calendar",
    "events:calendar_ics",
    "events:event_detail",
    "events:event_detail other",
    "communications:newsletter_web",
}


@pytest.mark.parametrize(
    ("change", "refreshed"),
    [
        (_organization_renamed, REGISTER_PAGES),
        (
            _testimonial_withdrawn,
            {
                *SITEMAP_PAGES,
                "portal:home",
                "communications:press_room",
                "community:story_list",
                "community:story_detail",
            },
        ),
        # Seats left: the event's own page and the list, not the other event's page.
        (_registration, {"events:event_list", "events:event_detail"}),
        (_event_retitled, EVENTS_PAGES),
        (_faq_answered, {"communications:faq"}),
        (
            _news_edited,
            {
                *SITEMAP_PAGES,
                "communications:news_list",
                "communications:news_detail",
                "communications:newsletter_web",
                # The home page shows the featured news.
                "portal:home",
            },
        ),
        (
            _press_release_edited,
            {*SITEMAP_PAGES, "communications:press_room", "communications:press_release"},
        ),
        (
            _newsletter_sent,
            {*SITEMAP_PAGES, "communications:newsletter_archive", "communications:newsletter_web"},
        ),
        # The sitemap lists the public annual reports.
        (_report_withdrawn, {*SITEMAP_PAGES, "communications:press_room"}),
        # The awards feed the register too: a winner's profile carries its badge.
        (_award_edited, REGISTER_PAGES),
        (
            _call_edited,
            {
                *SITEMAP_PAGES,
                "collaboration:call_list",
                "collaboration:call_detail",
                "collaboration:call_stories",
                "communications:press_room",
                "communications:newsletter_web",
            },
        ),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_each_change_refreshes_the_pages_that_show_it_and_no_other(client, site, change, refreshed):
    if change is _report_withdrawn:
        # Withdrawn, the public report answers 404 (not stored): it leaves the walk.
        site["pages"].pop("reports:public_annual")
    assert _refreshed_after(client, site, change) == refreshed


def test_seats_left_on_an_event_page_stay_exact(client, site):
    path = site["pages"]["events:event_detail"]
    assert "20 seats left" in client.get(path).content.decode()
    GuestRegistrationFactory(event=site["event_a"])
    assert "19 seats left" in client.get(path).content.decode()


def test_every_model_feeds_a_topic_or_is_declared_private():
    models = {
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.auto_created
    }
    both = set(pagecache.FED_MODELS) & set(pagecache.PRIVATE_MODELS)
    assert not both, both
    unclassified = models - set(pagecache.FED_MODELS) - set(pagecache.PRIVATE_MODELS)
    assert not unclassified, (
        "Say in the app's pages.py whether these models show on stored public pages: "
        f"{sorted(model._meta.label for model in unclassified)}"
    )


def _view_calls(template: str, request_changes=None):
    calls = []

    @pagecache.public_page()
    def view(request):
        calls.append(request)
        return HttpResponse(Template(template).render(RequestContext(request)))

    def visit():
        request = RequestFactory().get("/en/test-page/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        if request_changes:
            request_changes(request)
        return view(request)

    return calls, visit


def test_a_page_holding_a_csrf_token_is_not_stored_and_logged(db, caplog):
    calls, visit = _view_calls("<form method=post>{% csrf_token %}</form>")
    with caplog.at_level(logging.ERROR, logger="core.pagecache"):
        visit()
        response = visit()
    assert len(calls) == 2
    assert "public" not in response.get("Cache-Control", "")
    assert "holds something per visitor" in caplog.text


def test_a_visitor_with_a_message_waiting_gets_the_page_rendered(db):
    calls, visit = _view_calls("page")
    visit()
    visit()
    assert len(calls) == 1

    def with_message(request):
        request.COOKIES["messages"] = "waiting"

    calls, visit = _view_calls("page", with_message)
    visit()
    visit()
    assert len(calls) == 2


def test_an_unknown_topic_is_refused():
    with pytest.raises(ValueError, match="Unknown page topic"):
        pagecache.public_page("nothing-of-the-sort")


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client, site):
    french = client.get("/fr/members/?q=numerique").content.decode()
    english = client.get("/en/members/?q=numerique").content.decode()
    assert 'href="/en/members/?q=numerique" lang="en" hreflang="en"' in french
    assert 'href="/fr/members/?q=numerique" lang="fr" hreflang="fr"' in english
    missing = client.get("/en/no-such-page/").content.decode()
    assert 'href="/fr/no-such-page/"' in missing
