"""Every URL the project defines, visited as every persona, with the expected answer.

A new URL without a line in EXPECTED fails `test_every_project_url_has_expectations`, so
nobody can add a page without saying who may see it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from communications.models import FaqCategory, FaqEntry
from conftest import PERSONA_NAMES
from members import services as member_services
from members.models import Affiliation
from members.tests.factories import application_submitted
from tests import (
    personas_api_tokens,
    personas_awards,
    personas_calls,
    personas_discussions,
    personas_introductions,
    personas_member_news,
    personas_network,
    personas_opportunities,
    personas_testimonials,
    personas_webhooks,
)
from tests.url_expectations import (  # noqa: F401 (the matrix's vocabulary)
    GROUP_MEMBERS,
    LOGIN,
    MEMBERS_ONLY,
    ORG_A_ADMIN_ONLY,
    ORG_A_MANAGERS,
    PUBLIC,
    REDIRECT_ALL,
    STAFF_ONLY,
)

# name → (HTTP method, URL kwargs builder key, expected status per persona)
EXPECTED = {
    "healthz": ("get", None, PUBLIC),
    "robots_txt": ("get", None, PUBLIC),
    # Search engines: the sitemap's index and a section of it.
    "sitemap": ("get", None, PUBLIC),
    "sitemap_section": ("get", "sitemap_section", PUBLIC),
    "set_language": ("post", None, REDIRECT_ALL),
    "portal:home": ("get", None, PUBLIC),
    "portal:legal": ("get", None, PUBLIC),
    "portal:privacy": ("get", None, PUBLIC),
    "portal:after_login": ("get", None, REDIRECT_ALL),
    "portal:staff_dashboard": ("get", None, STAFF_ONLY),
    "core:staff_notifications": ("get", None, STAFF_ONLY),
    "core:staff_emails": ("get", None, STAFF_ONLY),
    "core:staff_email_retry": ("post", "failed_email", {**STAFF_ONLY, "staff": 302}),
    "core:staff_email_cancel": ("post", "failed_email", {**STAFF_ONLY, "staff": 302}),
    "communications:faq": ("get", None, PUBLIC),
    "communications:staff_faq": ("get", None, STAFF_ONLY),
    "communications:staff_faq_entry_create": ("get", None, STAFF_ONLY),
    "communications:staff_faq_entry_edit": ("get", "faq_entry", STAFF_ONLY),
    "communications:staff_faq_entry_delete": (
        "post",
        "faq_entry",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_faq_category_create": ("get", None, STAFF_ONLY),
    "communications:staff_faq_category_edit": ("get", "faq_category", STAFF_ONLY),
    # News, the press room (a gated download shows its form; a signed link serves the file)
    # and the communication plan.
    "communications:news_list": ("get", None, PUBLIC),
    "communications:news_detail": ("get", "news_article", PUBLIC),
    "communications:press_room": ("get", None, PUBLIC),
    "communications:press_release": ("get", "press_release", PUBLIC),
    "communications:press_download": ("get", "press_asset", PUBLIC),
    "communications:press_download_file": ("get", "press_download_link", PUBLIC),
    "communications:staff_news": ("get", None, STAFF_ONLY),
    "communications:staff_news_create": ("get", None, STAFF_ONLY),
    "communications:staff_news_edit": ("get", "news_article_pk", STAFF_ONLY),
    "communications:staff_news_publish": ("post", "news_article_pk", {**STAFF_ONLY, "staff": 302}),
    "communications:staff_news_delete": ("post", "news_article_pk", {**STAFF_ONLY, "staff": 302}),
    "communications:staff_press": ("get", None, STAFF_ONLY),
    "communications:staff_press_release_create": ("get", None, STAFF_ONLY),
    "communications:staff_press_release_edit": ("get", "press_release_pk", STAFF_ONLY),
    "communications:staff_press_release_delete": (
        "post",
        "press_release_pk",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_press_asset_create": ("get", None, STAFF_ONLY),
    "communications:staff_press_asset_edit": ("get", "press_asset_pk", STAFF_ONLY),
    "communications:staff_press_asset_delete": (
        "post",
        "press_asset_pk",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_press_requests": ("get", None, STAFF_ONLY),
    "communications:staff_coverage": ("get", None, STAFF_ONLY),
    "communications:staff_coverage_create": ("get", None, STAFF_ONLY),
    "communications:staff_coverage_edit": ("get", "coverage_pk", STAFF_ONLY),
    "communications:staff_coverage_delete": ("post", "coverage_pk", {**STAFF_ONLY, "staff": 302}),
    "communications:staff_plan": ("get", None, STAFF_ONLY),
    "communications:staff_objective_create": ("get", None, STAFF_ONLY),
    "communications:staff_objective_edit": ("get", "plan_objective", STAFF_ONLY),
    "communications:staff_objective_delete": (
        "post",
        "plan_objective",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_action_create": ("get", None, STAFF_ONLY),
    "communications:staff_action_edit": ("get", "plan_action", STAFF_ONLY),
    "communications:staff_action_delete": ("post", "plan_action", {**STAFF_ONLY, "staff": 302}),
    "communications:staff_indicator_create": ("get", None, STAFF_ONLY),
    "communications:staff_indicator_edit": ("get", "plan_indicator", STAFF_ONLY),
    "communications:staff_indicator_delete": (
        "post",
        "plan_indicator",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_indicator_measurements": ("get", "plan_indicator", STAFF_ONLY),
    "communications:staff_measurement_delete": (
        "post",
        "plan_measurement",
        {**STAFF_ONLY, "staff": 302},
    ),
    "portal:space_dashboard": ("get", None, MEMBERS_ONLY),
    "members:space_invite": ("get", "org_a", ORG_A_ADMIN_ONLY),
    "members:staff_organizations": ("get", None, STAFF_ONLY),
    "members:staff_invite": ("get", "org_a", STAFF_ONLY),
    # Animators' CRM. The forms of the 360° page come back with errors on an empty POST;
    # the follow-up "done" button redirects.
    "members:staff_organization": ("get", "org_a", STAFF_ONLY),
    "members:staff_organization_interaction_add": ("post", "org_a", STAFF_ONLY),
    "members:staff_organization_perception": ("post", "org_a", STAFF_ONLY),
    "members:staff_organization_animator": ("post", "org_a", {**STAFF_ONLY, "staff": 302}),
    "members:staff_interaction_done": ("post", "interaction", {**STAFF_ONLY, "staff": 302}),
    "members:staff_follow_ups": ("get", None, STAFF_ONLY),
    "members:staff_contacts": ("get", None, STAFF_ONLY),
    "members:staff_organization_edit": ("get", "org_a", STAFF_ONLY),
    # Whoever holds the link may open it; accepting checks who they are.
    "members:invitation_accept": ("get", "invitation", PUBLIC),
    # Public directory and partners (the profile is of org A, listed in the directory).
    "members:directory": ("get", None, PUBLIC),
    "members:directory_profile": ("get", "directory_organization", PUBLIC),
    "members:partners": ("get", None, PUBLIC),
    # Joining, memberships and dues.
    "members:join": ("get", None, PUBLIC),
    "members:join_thanks": ("get", None, PUBLIC),
    "members:staff_applications": ("get", None, STAFF_ONLY),
    "members:staff_application": ("get", "application", STAFF_ONLY),
    "members:staff_memberships": ("get", "org_a", STAFF_ONLY),
    "members:staff_membership_renew": ("post", "org_a", {**STAFF_ONLY, "staff": 302}),
    "members:staff_membership_edit": ("get", "membership_a", STAFF_ONLY),
    "members:staff_dues": ("get", None, STAFF_ONLY),
    # Any contact of organization A, admin or not; other members must not learn it exists.
    "members:space_membership": (
        "get",
        "org_a",
        {**ORG_A_ADMIN_ONLY, "member_contact": 200},
    ),
    # The PDF certificate of org A's active membership: its people and staff.
    "members:space_membership_certificate": (
        "get",
        "org_a_certified",
        {**ORG_A_MANAGERS, "member_contact": 200},
    ),
    # Working groups, the member-space profile and contacts, personal data.
    "members:staff_groups": ("get", None, STAFF_ONLY),
    "members:staff_group_create": ("get", None, STAFF_ONLY),
    "members:staff_group": ("get", "group", STAFF_ONLY),
    "members:staff_group_edit": ("get", "group", STAFF_ONLY),
    "members:staff_group_request_accept": ("post", "group_request", {**STAFF_ONLY, "staff": 302}),
    "members:staff_group_request_decline": (
        "post",
        "group_request",
        {**STAFF_ONLY, "staff": 302},
    ),
    # An empty POST names no role: back to the group page with an error message.
    "members:staff_group_member_role": ("post", "group_lead", {**STAFF_ONLY, "staff": 302}),
    "members:space_groups": ("get", None, MEMBERS_ONLY),
    "members:space_group": ("get", "group", GROUP_MEMBERS),
    "members:space_group_join": (
        "post",
        "group",
        {**MEMBERS_ONLY, **dict.fromkeys(PERSONA_NAMES[1:4], 302)},
    ),
    "members:space_group_document": ("get", "group_document", GROUP_MEMBERS),
    # Leads (org A's admin) and staff decide; the requester (org A's contact) gets a 404.
    "members:space_group_request_accept": (
        "post",
        "group_request",
        {**GROUP_MEMBERS, "staff": 302, "member_admin": 302},
    ),
    "members:space_group_request_decline": (
        "post",
        "group_request",
        {**GROUP_MEMBERS, "staff": 302, "member_admin": 302},
    ),
    "members:space_profile_home": (
        "get",
        None,
        {**MEMBERS_ONLY, **dict.fromkeys(PERSONA_NAMES[1:4], 302)},
    ),
    "members:space_profile": ("get", "org_a", ORG_A_MANAGERS),
    "members:space_contacts": ("get", "org_a", ORG_A_MANAGERS),
    # An empty POST names no role: back to the contacts page with an error message.
    "members:space_contact_access": (
        "post",
        "org_a_contact_affiliation",
        {**ORG_A_MANAGERS, "staff": 302, "member_admin": 302},
    ),
    "members:space_contact_detach": ("get", "org_a_contact_affiliation", ORG_A_MANAGERS),
    # Any login with a contact; staff accounts have none.
    "portal:space_my_data": ("get", None, {**MEMBERS_ONLY, "staff": 404}),
    "portal:space_my_data_export": ("get", None, {**MEMBERS_ONLY, "staff": 404}),
    "portal:staff_contact_erase": ("get", "contact_a", STAFF_ONLY),
    # Personal data: the register of processing activities and the retention rules.
    "portal:staff_privacy_register": ("get", None, STAFF_ONLY),
    "portal:staff_privacy_retention": ("get", None, STAFF_ONLY),
    # Spreadsheet imports; confirming a job that is not checked yet sends back to its page.
    "members:staff_imports": ("get", None, STAFF_ONLY),
    "members:staff_import": ("get", "import_job", STAFF_ONLY),
    "members:staff_import_mapping": ("get", "import_job", STAFF_ONLY),
    "members:staff_import_confirm": ("post", "import_job", {**STAFF_ONLY, "staff": 302}),
    "members:staff_import_template": ("get", "import_kind", STAFF_ONLY),
    # Events: public pages, registration, check-in. "event" is a members-only event that
    # org A's plain contact registered for (the other personas are not registered).
    "events:event_list": ("get", None, PUBLIC),
    "events:event_month": ("get", "month", PUBLIC),
    "events:event_detail": ("get", "event", {**MEMBERS_ONLY, "staff": 200}),
    "events:event_document": (
        "get",
        "event_document",
        {**STAFF_ONLY, "member_contact": 200},
    ),
    # Registering answers with a message on the event page (staff: no contact to register).
    "events:event_register": (
        "post",
        "event",
        {**dict.fromkeys(PERSONA_NAMES, 302), "anonymous": LOGIN},
    ),
    "events:event_unregister": (
        "post",
        "event",
        {**dict.fromkeys(PERSONA_NAMES, 404), "member_contact": 302, "anonymous": LOGIN},
    ),
    "events:guest_register": ("get", "public_event", PUBLIC),
    # Whoever holds the emailed link may confirm or cancel.
    "events:registration_confirm": ("get", "registration_token", PUBLIC),
    "events:registration_cancel": ("get", "registration_token", PUBLIC),
    "events:register_someone": ("get", "event", STAFF_ONLY),
    "events:checkin": ("get", "event", STAFF_ONLY),
    "events:checkin_token": ("get", "registration_checkin_token", STAFF_ONLY),
    # An empty POST names no attendance: back to the check-in page with a message.
    "events:checkin_mark": ("post", "event_registration", {**STAFF_ONLY, "staff": 302}),
    "events:space_events": ("get", None, MEMBERS_ONLY),
    # Feeds, annual calendar, staff event pages, partner calendars, thematic debates.
    "events:calendar_ics": ("get", None, PUBLIC),
    # The secret token is the credential: calendar applications do not log in.
    "events:personal_ics": ("get", "personal_calendar", PUBLIC),
    "events:annual_calendar": ("get", "year", PUBLIC),
    "events:annual_calendar_pdf": ("get", "year", PUBLIC),
    "events:my_calendar": ("get", None, {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN}),
    "events:my_calendar_regenerate": (
        "post",
        None,
        {**dict.fromkeys(PERSONA_NAMES, 302), "anonymous": LOGIN},
    ),
    "events:staff_events": ("get", None, STAFF_ONLY),
    "events:staff_guest_registrations": ("get", None, STAFF_ONLY),
    "events:staff_event_create": ("get", None, STAFF_ONLY),
    "events:staff_event": ("get", "staff_event", STAFF_ONLY),
    "events:staff_event_edit": ("get", "staff_event", STAFF_ONLY),
    "events:staff_event_move": ("get", "staff_event", STAFF_ONLY),
    "events:staff_event_cancel": ("get", "staff_event", STAFF_ONLY),
    "events:staff_event_duplicate": ("post", "staff_event", {**STAFF_ONLY, "staff": 302}),
    # Without a valid status the change is refused and staff go back to the event's page.
    "events:staff_registration_status": (
        "post",
        "staff_event_registration",
        {**STAFF_ONLY, "staff": 302},
    ),
    "events:staff_event_attendees_export": ("get", "staff_event", STAFF_ONLY),
    "events:staff_event_badges": ("get", "staff_event", STAFF_ONLY),
    "events:staff_event_signin_sheet": ("get", "staff_event", STAFF_ONLY),
    "events:staff_organization_attendance": ("get", "org_a", STAFF_ONLY),
    "events:staff_partners": ("get", None, STAFF_ONLY),
    "events:staff_partner_create": ("get", None, STAFF_ONLY),
    "events:staff_partner_edit": ("get", "partner", STAFF_ONLY),
    "events:staff_partner_delete": ("get", "partner", STAFF_ONLY),
    "events:staff_partner_import": ("post", "partner", {**STAFF_ONLY, "staff": 302}),
    # Staff have no contact to vote with; members vote and are sent back to the page.
    "events:space_debates": ("get", None, MEMBERS_ONLY),
    "events:space_debate_vote": (
        "post",
        "debate_topic",
        {**MEMBERS_ONLY, **dict.fromkeys(PERSONA_NAMES[1:4], 302)},
    ),
    "events:staff_debates": ("get", None, STAFF_ONLY),
    "events:staff_debate": ("get", "debate_round", STAFF_ONLY),
    "events:staff_debate_close": ("post", "debate_round", {**STAFF_ONLY, "staff": 302}),
    # The round is still open: back to its page with a message.
    "events:staff_debate_event": ("post", "debate_round", {**STAFF_ONLY, "staff": 302}),
    # Newsletter: public sign-up and signed links from emails (work for anyone holding
    # them), member space toggle, staff editor. A click link without its target is refused.
    "communications:newsletter": ("get", None, PUBLIC),
    "communications:newsletter_archive": ("get", None, PUBLIC),
    "communications:newsletter_confirm": ("get", "newsletter_confirm", PUBLIC),
    "communications:newsletter_unsubscribe": ("get", "newsletter_unsubscribe", PUBLIC),
    "communications:newsletter_preferences": ("get", "newsletter_preferences", PUBLIC),
    "communications:newsletter_open": ("get", "newsletter_open", PUBLIC),
    "communications:newsletter_click": (
        "get",
        "newsletter_click",
        dict.fromkeys(PERSONA_NAMES, 400),
    ),
    "communications:newsletter_web": ("get", "newsletter_sent", PUBLIC),
    "communications:space_newsletter": ("get", None, MEMBERS_ONLY),
    "communications:staff_newsletters": ("get", None, STAFF_ONLY),
    "communications:staff_newsletter_create": ("get", None, STAFF_ONLY),
    "communications:staff_newsletter_subscribers": ("get", None, STAFF_ONLY),
    "communications:staff_newsletter": ("get", "newsletter_draft", STAFF_ONLY),
    "communications:staff_newsletter_edit": ("get", "newsletter_draft", STAFF_ONLY),
    "communications:staff_newsletter_preview": ("get", "newsletter_preview", STAFF_ONLY),
    "communications:staff_newsletter_test_send": (
        "post",
        "newsletter_draft",
        {**STAFF_ONLY, "staff": 302},
    ),
    "communications:staff_newsletter_send": (
        "post",
        "newsletter_draft",
        {**STAFF_ONLY, "staff": 302},
    ),
    # Activity reports: the animators' pages, the member space (a published quarterly
    # report is every member's), the PDFs, and the public edition of an annual report.
    "reports:staff_reports": ("get", None, STAFF_ONLY),
    "reports:staff_report_create": ("get", None, STAFF_ONLY),
    "reports:staff_report": ("get", "report", STAFF_ONLY),
    "reports:staff_report_build": ("post", "report", {**STAFF_ONLY, "staff": 302}),
    "reports:staff_report_texts": ("get", "report", STAFF_ONLY),
    "reports:staff_report_preview": ("get", "report", STAFF_ONLY),
    "reports:staff_report_pdf": ("get", "report_pdf", STAFF_ONLY),
    "reports:staff_report_xlsx": ("get", "report", STAFF_ONLY),
    "reports:staff_report_publish": ("get", "report", STAFF_ONLY),
    "reports:staff_version_public": ("post", "report_version", {**STAFF_ONLY, "staff": 302}),
    "reports:staff_version_pdf": ("get", "report_version_pdf", STAFF_ONLY),
    "reports:space_reports": ("get", None, MEMBERS_ONLY),
    "reports:space_report": ("get", "report", MEMBERS_ONLY),
    "reports:space_version_pdf": ("get", "report_version_pdf", MEMBERS_ONLY),
    "reports:public_annual": ("get", "public_annual_report", PUBLIC),
    # Each organization's annual statement: its own people, admins or not, and staff; other
    # members must not learn it exists. The list shows the user's own organizations'.
    "reports:space_statements": ("get", None, {**MEMBERS_ONLY, "staff": 200}),
    "reports:space_statement": ("get", "statement_a", {**ORG_A_MANAGERS, "member_contact": 200}),
    "reports:space_statement_pdf": (
        "get",
        "statement_a_pdf",
        {**ORG_A_MANAGERS, "member_contact": 200},
    ),
    # A few of the pages provided by django-allauth and the admin.
    "account_login": ("get", None, {**PUBLIC, **dict.fromkeys(PERSONA_NAMES[:4], 302)}),
    "account_reset_password": ("get", None, PUBLIC),
    "account_signup": ("get", None, {**PUBLIC, **dict.fromkeys(PERSONA_NAMES[:4], 302)}),
    "account_email": ("get", None, {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN}),
    "account_change_password": (
        "get",
        None,
        {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN},
    ),
    "mfa_index": ("get", None, {**dict.fromkeys(PERSONA_NAMES, 200), "anonymous": LOGIN}),
    # Activating TOTP asks for the password again (a test login is not a recent one).
    "mfa_activate_totp": ("get", None, {**REDIRECT_ALL, "anonymous": LOGIN}),
    # The Django admin is for superusers only (see test_django_admin_is_for_superusers_only).
    "admin:index": ("get", None, dict.fromkeys(PERSONA_NAMES, 302)),
    # Surveys: staff builder and results; personal and public answer links work for anyone
    # holding them; the member space lists one's own surveys.
    "surveys:staff_surveys": ("get", None, STAFF_ONLY),
    "surveys:staff_survey_create": ("get", None, STAFF_ONLY),
    "surveys:staff_survey": ("get", "survey", STAFF_ONLY),
    "surveys:staff_survey_edit": ("get", "survey", STAFF_ONLY),
    "surveys:staff_survey_preview": ("get", "survey", STAFF_ONLY),
    "surveys:staff_survey_results": ("get", "survey", STAFF_ONLY),
    "surveys:staff_survey_export": ("get", "survey", STAFF_ONLY),
    "surveys:staff_survey_duplicate": ("post", "survey", {**STAFF_ONLY, "staff": 302}),
    "surveys:staff_survey_send": ("get", "survey", STAFF_ONLY),
    "surveys:staff_survey_close": ("post", "survey", {**STAFF_ONLY, "staff": 302}),
    "surveys:staff_section_create": ("get", "survey", STAFF_ONLY),
    "surveys:staff_section_edit": ("get", "survey_section", STAFF_ONLY),
    "surveys:staff_section_delete": ("post", "survey_section", {**STAFF_ONLY, "staff": 302}),
    "surveys:staff_section_move": ("post", "survey_section", {**STAFF_ONLY, "staff": 302}),
    "surveys:staff_question_create": ("get", "survey", STAFF_ONLY),
    "surveys:staff_question_edit": ("get", "survey_question", STAFF_ONLY),
    "surveys:staff_question_delete": ("post", "survey_question", {**STAFF_ONLY, "staff": 302}),
    "surveys:staff_question_move": ("post", "survey_question", {**STAFF_ONLY, "staff": 302}),
    "surveys:space_surveys": ("get", None, MEMBERS_ONLY),
    "surveys:answer": ("get", "survey_token", PUBLIC),
    # Org A's plain contact's own invitation, opened from their space without a link.
    "surveys:space_answer": (
        "get",
        "survey_invitation",
        {**MEMBERS_ONLY, "member_admin": 404, "other_member": 404},
    ),
    "surveys:public_answer": ("get", "survey_slug", PUBLIC),
    "surveys:thanks": ("get", "survey_slug", PUBLIC),
    "surveys:public_confirm": ("get", "survey_public_confirm_token", PUBLIC),
}

# The collaboration pages, one module per area: name → (method, kwargs key, expectations),
# and the kwargs each builds (tests/personas_*.py).
COLLABORATION_MATRICES = (
    personas_calls,
    personas_introductions,
    personas_opportunities,
    personas_discussions,
    personas_testimonials,
    personas_member_news,
    personas_awards,
    personas_webhooks,
    personas_network,
    personas_api_tokens,
)
for _matrix in COLLABORATION_MATRICES:
    assert not EXPECTED.keys() & _matrix.EXPECTED.keys()
    EXPECTED.update(_matrix.EXPECTED)

PROJECT_NAMESPACES = {
    "core",
    "members",
    "communications",
    "events",
    "surveys",
    "collaboration",
    "community",
    "reports",
    "webhooks",
    "portal",
    # The network of clusters: its pages, and its feed outside the language prefixes.
    "network",
    "network_feed",
    # The open API's token pages (the API itself, namespace "api", has its own tests).
    "api_tokens",
}


def _project_url_names(patterns=None, namespace=None):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            names |= _project_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            if namespace in PROJECT_NAMESPACES:
                names.add(f"{namespace}:{entry.name}")
            elif namespace is None and entry.name in {
                "healthz",
                "robots_txt",
                "set_language",
                "sitemap",
                "sitemap_section",
            }:
                names.add(entry.name)
    return names


def test_every_project_url_has_expectations():
    missing = _project_url_names() - EXPECTED.keys()
    assert not missing, f"URLs without persona expectations: {sorted(missing)}"


@pytest.fixture
def url_kwargs(personas, django_capture_on_commit_callbacks, settings, tmp_path):
    category = FaqCategory.objects.get(slug="mission")
    entry = FaqEntry.objects.create(
        category=category, question_fr="Q ?", answer_fr="R.", slug="q-test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        member_services.invitation_create(
            organization=personas.org_a,
            email="newcomer@alpha.test",
            first_name="Nina",
            last_name="Nouvelle",
            access=Affiliation.Access.CONTACT,
            language="fr",
            invited_by=personas.staff,
        )
    return {
        "org_a": {"slug": personas.org_a.slug},
        "sitemap_section": {"section": "pages"},
        "directory_organization": lambda: _listed_in_directory(personas.org_a),
        "faq_entry": {"pk": entry.pk},
        "faq_category": {"pk": category.pk},
        "news_article": lambda: {"slug": _news_article().slug},
        "news_article_pk": lambda: {"pk": _news_article().pk},
        "press_release": lambda: {"slug": _press_release().slug},
        "press_release_pk": lambda: {"pk": _press_release().pk},
        "press_asset": lambda: {"slug": _gated_asset().slug},
        "press_asset_pk": lambda: {"pk": _gated_asset().pk},
        "press_download_link": lambda: _download_link(),
        "coverage_pk": lambda: {"pk": _coverage().pk},
        "plan_objective": lambda: {"pk": _plan_indicator().objective_id},
        "plan_action": lambda: {"pk": _plan_indicator().action_id},
        "plan_indicator": lambda: {"pk": _plan_indicator().pk},
        "plan_measurement": lambda: {"pk": _plan_indicator().measurements.get().pk},
        "invitation": lambda: {"token": _last_invitation_token()},
        "application": lambda: {"pk": _pending_application().pk},
        "membership_a": lambda: _membership_of(personas.org_a),
        "interaction": lambda: {"pk": _interaction_due(personas).pk},
        "group": lambda: {"slug": _working_group(personas).slug},
        "group_request": lambda: _group_membership(personas, personas.member_contact),
        "group_lead": lambda: _group_membership(personas, personas.member_admin),
        "group_document": lambda: _group_document(personas, settings, tmp_path),
        "org_a_contact_affiliation": lambda: {
            "slug": personas.org_a.slug,
            "pk": personas.member_contact.contact.affiliations.get().pk,
        },
        "contact_a": lambda: {"pk": personas.member_contact.contact.pk},
        "org_a_certified": lambda: _certified(personas.org_a),
        "month": {"year": 2026, "month": 12},
        "event": lambda: {"slug": _event_registration(personas).event.slug},
        "event_document": lambda: _event_document(personas),
        "public_event": lambda: {"slug": _public_event().slug},
        "registration_token": lambda: _registration_link(personas, "registration_link_issue"),
        "registration_checkin_token": lambda: _registration_link(personas, "checkin_link_issue"),
        "event_registration": lambda: {
            "slug": _event_registration(personas).event.slug,
            "pk": _event_registration(personas).pk,
        },
        "import_job": lambda: {"pk": _import_job(personas).pk},
        "failed_email": lambda: {"pk": _failed_email().pk},
        "import_kind": {"kind": "organizations"},
        "personal_calendar": lambda: {"token": _personal_calendar(personas).token},
        "year": {"year": 2026},
        "staff_event": lambda: {"pk": _event_registration(personas).event.pk},
        "staff_event_registration": lambda: {
            "pk": _event_registration(personas).event.pk,
            "registration_pk": _event_registration(personas).pk,
        },
        "partner": lambda: {"pk": _partner_calendar().pk},
        "debate_topic": lambda: {"pk": _debate_topic(personas).pk},
        "debate_round": lambda: {"pk": _debate_topic(personas).round.pk},
        "newsletter_draft": lambda: {"pk": _newsletter_draft().pk},
        "newsletter_preview": lambda: {"pk": _newsletter_draft().pk, "language": "en"},
        "newsletter_sent": lambda: {"slug": _newsletter_sent_delivery().newsletter.slug},
        "newsletter_confirm": lambda: _newsletter_confirm_token(),
        "newsletter_unsubscribe": lambda: _newsletter_link("unsubscribe_token"),
        "newsletter_preferences": lambda: _newsletter_link("preferences_token"),
        "newsletter_open": lambda: {
            "token": _newsletter_services()[1].open_token(
                delivery_id=_newsletter_sent_delivery().pk
            )
        },
        "newsletter_click": lambda: {
            "token": _newsletter_services()[1].click_token(
                delivery_id=_newsletter_sent_delivery().pk, url="https://example.org/"
            )
        },
        "survey": lambda: {"pk": _survey(personas).pk},
        "survey_section": lambda: {"pk": _survey(personas).sections.get().pk},
        "survey_question": lambda: {"pk": _survey(personas).questions.first().pk},
        "survey_slug": lambda: {"slug": _survey(personas).slug},
        "survey_token": lambda: _survey_link(personas),
        "survey_invitation": lambda: {"pk": _survey(personas).invitations.get().pk},
        "survey_public_confirm_token": lambda: _survey_public_confirm_token(personas),
        "report": lambda: {"pk": _published_report("quarter").report_id},
        "report_pdf": lambda: {"pk": _published_report("quarter").report_id, "language": "en"},
        "report_version": lambda: {"pk": _published_report("year").report_id, "number": 1},
        "report_version_pdf": lambda: {
            "pk": _published_report("quarter").report_id,
            "number": 1,
            "language": "fr",
        },
        "statement_a": lambda: {"slug": personas.org_a.slug, "year": _statement(personas).year},
        "statement_a_pdf": lambda: {
            "slug": personas.org_a.slug,
            "year": _statement(personas).year,
            "language": "fr",
        },
        "public_annual_report": lambda: {
            "year": _published_report("year").report.period_start.year
        },
        **{
            key: value
            for m in COLLABORATION_MATRICES
            for key, value in m.url_kwargs(personas).items()
        },
    }


def _failed_email():
    from core.models import SentEmail

    return SentEmail.objects.get_or_create(
        key="application:1:received",
        defaults={
            "to": "gaelle@gamma.example",
            "template": "members/emails/application_received",
            "status": SentEmail.Status.FAILED,
            "attempts": 6,
            "task_name": "core.tasks.sessions_clear",
            "error": "ConnectionRefusedError(111, 'Connection refused')",
        },
    )[0]


def _import_job(personas):
    from members.models import ImportJob

    return ImportJob.objects.create(
        kind=ImportJob.Kind.ORGANIZATIONS,
        original_name="adherents.csv",
        headers=["Raison sociale", "SIREN"],
        mapping={"name": "Raison sociale", "siren": "SIREN"},
        total_rows=2,
        created_by=personas.staff,
    )


def _listed_in_directory(organization):
    from django.utils import timezone

    organization.directory_consent_at = timezone.now()
    organization.save(update_fields=["directory_consent_at"])
    return {"slug": organization.slug}


def _statement(personas):
    """Organization A's statement of 2025, its French PDF already kept."""
    from django.core.files.base import ContentFile

    from reports.models import MemberStatement
    from reports.services.statements import statement_build

    statement = MemberStatement.objects.filter(organization=personas.org_a, year=2025).first()
    if statement is None:
        statement = statement_build(organization=personas.org_a, year=2025)
        statement.pdf_fr.save("statement.pdf", ContentFile(b"%PDF-1.7 statement"))
    return statement


def _published_report(kind: str):
    """A report of 2025 (its 4th quarter, or the year) with real figures, published as
    version 1 with its PDFs; the annual one's public edition is in the press room."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reports.models import Report, ReportVersion
    from reports.periods import Period
    from reports.selectors.snapshot import snapshot_take

    period = Period.of(kind, 2025, 4 if kind == "quarter" else 1)
    report, created = Report.objects.get_or_create(
        kind=kind, period_start=period.start, defaults={"period_end": period.end}
    )
    if created:
        # The draft was edited since version 1: there is something to publish.
        report.revision = 1
        report.snapshot = snapshot_take(period=period)
        report.snapshot_at = timezone.now()
        report.build_state = "done"
        for field in (report.pdf_fr, report.pdf_en):
            field.save("draft.pdf", ContentFile(b"%PDF-1.7 draft"), save=False)
        report.save()
        version = ReportVersion(
            report=report,
            number=1,
            source_revision=0,
            snapshot=report.snapshot,
            snapshot_at=report.snapshot_at,
            texts=report.texts(),
            is_public=kind == "year",
        )
        for field in (version.pdf_fr, version.pdf_en):
            field.save("v1.pdf", ContentFile(b"%PDF-1.7 version"), save=False)
        version.save()
    return report.versions.get(number=1)


def _working_group(personas):
    """A group led by org A's admin, which org A's plain contact asked to join."""
    from members.models import WorkingGroup, WorkingGroupMember

    group, created = WorkingGroup.objects.get_or_create(
        slug="groupe-test", defaults={"name_fr": "Groupe test"}
    )
    if created:
        WorkingGroupMember.objects.create(
            group=group,
            contact=personas.member_admin.contact,
            role=WorkingGroupMember.Role.LEAD,
            status=WorkingGroupMember.Status.ACCEPTED,
        )
        WorkingGroupMember.objects.create(group=group, contact=personas.member_contact.contact)
    return group


def _group_membership(personas, user):
    group = _working_group(personas)
    return {"slug": group.slug, "pk": group.members.get(contact__user=user).pk}


def _group_document(personas, settings, media_root):
    from django.core.files.base import ContentFile

    from members.models import WorkingGroupDocument

    settings.MEDIA_ROOT = str(media_root)
    group = _working_group(personas)
    document = WorkingGroupDocument(group=group, title="Compte rendu")
    document.file.save("compte-rendu.txt", ContentFile(b"Notes"), save=True)
    return {"slug": group.slug, "pk": document.pk}


def _interaction_due(personas):
    from members.models import Interaction

    return Interaction.objects.create(
        organization=personas.org_a, kind=Interaction.Kind.CALL, summary="Rappeler"
    )


def _survey(personas):
    """An open survey with a public link, a section, two questions and an invitation for
    org A's plain contact."""
    from surveys.models import Invitation, Question, Section, Survey

    survey, created = Survey.objects.get_or_create(
        slug="satisfaction-test",
        defaults={
            "title_fr": "Satisfaction",
            "status": Survey.Status.OPEN,
            "public_link_enabled": True,
        },
    )
    if created:
        section = Section.objects.create(survey=survey, position=1, title_fr="Général")
        Question.objects.create(
            survey=survey, section=section, position=1, kind="nps", text_fr="Recommanderiez-vous ?"
        )
        Question.objects.create(survey=survey, position=2, kind="long_text", text_fr="Remarques")
        contact = personas.member_contact.contact
        Invitation.objects.create(survey=survey, contact=contact, email=contact.email)
    return survey


def _survey_link(personas):
    from surveys.services import sending as sending_services

    invitation = _survey(personas).invitations.get()
    return {"token": sending_services.invitation_link_issue(invitation=invitation)}


def _survey_public_confirm_token(personas):
    from surveys.services import answers as answer_services

    survey = _survey(personas)
    pending = answer_services.pending_response_create(
        survey=survey, email="repondant@example.org", values={}, language="fr"
    )
    return {"token": answer_services.public_confirmation_token(pending=pending)}


def _last_invitation_token():
    from django.core import mail

    match = re.search(r"/accounts/invitation/([^/\s]+)/", mail.outbox[-1].body)
    return match.group(1)


def _assert_no_inline_script(response):
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    inline = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", html
    )
    assert not inline, f"inline script on {response.request['PATH_INFO']}: {inline}"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_persona_as_expected(name, persona, client_for, url_kwargs):
    method, kwargs_key, expected_by_persona = EXPECTED[name]
    kwargs = url_kwargs[kwargs_key] if kwargs_key else None
    if callable(kwargs):
        kwargs = kwargs()
    with translation.override("fr"):
        url = reverse(name, kwargs=kwargs)
    client = client_for(persona)
    data = {"language": "en", "next": "/fr/"} if name == "set_language" else {}
    response = getattr(client, method)(url, data)
    expected = expected_by_persona[persona]
    if expected == LOGIN:
        assert response.status_code == 302, (name, persona, response.status_code)
        assert "/accounts/login/" in response["Location"], response["Location"]
    else:
        assert response.status_code == expected, (name, persona, response.status_code)
    if response.status_code == 200:
        _assert_no_inline_script(response)


# An animator (or superuser) whose session still owes its second factor holds no staff power
# anywhere: each URL either sends them to set it up or answers as it answers a signed-in
# user with no role at all. Compared live with that user, so a predicate that forgets the
# rule turns its URL red without anyone writing a new expectation.
OWES_SECOND_FACTOR = ["animator_without_2fa", "superuser_without_2fa"]


@pytest.mark.parametrize("persona", OWES_SECOND_FACTOR)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_gives_no_staff_power_to_a_session_owing_its_second_factor(
    name, persona, client, personas, url_kwargs, settings
):
    from core.tests.factories import UserFactory

    settings.STAFF_REQUIRE_MFA = True
    method, kwargs_key, _expected = EXPECTED[name]
    kwargs = url_kwargs[kwargs_key] if kwargs_key else None
    if callable(kwargs):
        kwargs = kwargs()
    with translation.override("fr"):
        url = reverse(name, kwargs=kwargs)
    data = {"language": "en", "next": "/fr/"} if name == "set_language" else {}

    nobody = UserFactory(email="nobody@cluster.test")
    client.force_login(nobody, backend="django.contrib.auth.backends.ModelBackend")
    baseline = getattr(client, method)(url, data)

    if persona == "superuser_without_2fa":
        owing = UserFactory(email="root@cluster.test", is_staff=True, is_superuser=True)
    else:
        owing = personas.staff
    client.force_login(owing, backend="django.contrib.auth.backends.ModelBackend")
    response = getattr(client, method)(url, data)

    if response.status_code == 302 and response["Location"].endswith("/2fa/totp/activate/"):
        return
    assert response.status_code == baseline.status_code, (
        name,
        persona,
        response.status_code,
        baseline.status_code,
    )
    if baseline.status_code == 302:
        assert response["Location"] == baseline["Location"], (name, response["Location"])


@pytest.mark.parametrize(
    ("model_name", "url_name"),
    [
        ("NewsArticle", "communications:news_detail"),
        ("PressRelease", "communications:press_release"),
    ],
)
def test_drafts_are_previewed_only_once_the_second_factor_is_set_up(
    model_name, url_name, client, personas, settings
):
    from allauth.mfa.models import Authenticator

    from communications import models as communications_models

    settings.STAFF_REQUIRE_MFA = True
    model = getattr(communications_models, model_name)
    draft = model.objects.create(
        slug="brouillon", title_fr="Brouillon", body_fr="Secret.", is_published=False
    )
    with translation.override("fr"):
        url = reverse(url_name, kwargs={"slug": draft.slug})
    client.force_login(personas.staff, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url).status_code == 404
    Authenticator.objects.create(
        user=personas.staff, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    assert client.get(url).status_code == 200


def test_django_admin_is_for_superusers_only(client, personas):
    from core.tests.factories import UserFactory

    client.force_login(personas.staff, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 302
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.get("/admin/members/organization/").status_code == 200


@pytest.mark.parametrize("require_mfa", [False, True])
def test_the_admin_login_form_never_signs_a_session_into_another_account(
    client, personas, settings, require_mfa
):
    # Django's own admin login form would take a password alone: a staff session could
    # become a superuser's past the second factor and allauth's rate limits.
    from allauth.mfa.models import Authenticator

    from core.tests.factories import UserFactory

    settings.STAFF_REQUIRE_MFA = require_mfa
    root = UserFactory(email="root@cluster.test", is_staff=True, is_superuser=True)
    root.set_password("root-password-123")
    root.save()
    Authenticator.objects.create(
        user=root, type=Authenticator.Type.TOTP, data={"secret": "unused-here"}
    )
    client.force_login(personas.staff, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        "/admin/login/", {"username": "root@cluster.test", "password": "root-password-123"}
    )

    assert response.status_code in {302, 403}
    assert client.session["_auth_user_id"] == str(personas.staff.pk)
    assert client.get("/admin/").status_code == 302


def test_visitors_sign_in_to_the_admin_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Joining, memberships and dues.
def _pending_application():
    return application_submitted(email="gaelle@gamma.test", headcount_band="1-9")


def _certified(organization):
    """Org A with an active membership of the current period, which a certificate attests."""
    from django.utils import timezone

    from members.models import Membership
    from members.selectors import memberships

    start, end = memberships.membership_period_containing(day=timezone.localdate())
    Membership.objects.get_or_create(
        organization=organization,
        period_start=start,
        defaults={"period_end": end, "status": Membership.Status.ACTIVE},
    )
    return {"slug": organization.slug}


def _membership_of(organization):
    from members.services import memberships

    return {
        "slug": organization.slug,
        "pk": memberships.membership_renew(organization=organization).pk,
    }


# Events
def _event_registration(personas):
    """Org A's plain contact, registered for a members-only event."""
    from events.models import Registration
    from events.tests.factories import EventFactory, RegistrationFactory

    registration = Registration.objects.filter(email="contact@alpha.test").first()
    if registration is None:
        registration = RegistrationFactory(
            event=EventFactory(slug="reunion-test", online_url="https://visio.test/r"),
            contact=personas.member_contact.contact,
            organization=personas.org_a,
        )
    return registration


def _registration_link(personas, issue: str):
    """A new link of the registration, as its emails carry: `issue` names the service."""
    from events.services import registrations

    registration = _event_registration(personas)
    return {"token": getattr(registrations, issue)(registration=registration)}


def _event_document(personas):
    from django.core.files.base import ContentFile

    from events.models import EventDocument

    event = _event_registration(personas).event
    document = EventDocument(event=event, title="Support")
    document.file.save("support.txt", ContentFile(b"Slides"), save=True)
    return {"slug": event.slug, "pk": document.pk}


def _public_event():
    from events.models import Event
    from events.tests.factories import EventFactory

    return EventFactory(slug="conference-publique", audience=Event.Audience.PUBLIC)


def _personal_calendar(personas):
    from events.services import feeds

    return feeds.personal_calendar_get(user=personas.member_contact)


def _partner_calendar():
    from events.models import PartnerCalendar

    # Never fetched in these tests: "import now" only queues the work after the commit.
    return PartnerCalendar.objects.get_or_create(
        feed_url="http://127.0.0.1:9/partner.ics", defaults={"name": "Cluster voisin"}
    )[0]


def _debate_topic(personas):
    from events.models import DebateRound, DebateTopic

    debate_round = DebateRound.objects.get_or_create(title_fr="Débats de printemps")[0]
    return DebateTopic.objects.get_or_create(
        round=debate_round,
        title="Cybersécurité des PME",
        defaults={"proposed_by": personas.member_admin.contact},
    )[0]


# News, press room and communication plan.
def _news_article():
    from communications.models import NewsArticle

    return NewsArticle.objects.get_or_create(
        slug="actualite-test",
        defaults={"title_fr": "Actualité", "body_fr": "Texte.", "is_published": True},
    )[0]


def _press_release():
    from communications.models import PressRelease

    return PressRelease.objects.get_or_create(
        slug="communique-test",
        defaults={"title_fr": "Communiqué", "body_fr": "Texte.", "is_published": True},
    )[0]


def _gated_asset():
    from django.core.files.base import ContentFile

    from communications.models import PressAsset

    asset = PressAsset.objects.filter(slug="plaquette-test").first()
    if asset is None:
        asset = PressAsset(
            slug="plaquette-test", title_fr="Plaquette", kind="brochure", is_gated=True
        )
        asset.file.save("plaquette.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return asset


def _download_link():
    from communications.services import content

    outcome = content.download_request_record(
        asset=_gated_asset(),
        email="lecteur@example.org",
        first_name="Léa",
        last_name="Lecteur",
        organization_name="Presse locale",
        language="fr",
        subscribe=False,
    )
    token = content.download_token_make(download_request=outcome.request)
    return {"slug": _gated_asset().slug, "token": token}


def _coverage():
    import datetime

    from communications.models import MediaCoverage

    return MediaCoverage.objects.get_or_create(
        outlet="La Dépêche",
        defaults={"title": "Le cluster grandit", "published_on": datetime.date(2026, 3, 1)},
    )[0]


def _plan_indicator():
    from communications.models import Action, Indicator, Measurement, Objective

    indicator = Indicator.objects.filter(name_fr="Articles de presse").first()
    if indicator is None:
        objective = Objective.objects.create(
            title_fr="Être connu", scope="external", horizon="short"
        )
        action = Action.objects.create(objective=objective, title="Communiqués", channel="press")
        indicator = Indicator.objects.create(
            objective=objective, action=action, name_fr="Articles de presse", target_value=10
        )
        Measurement.objects.create(indicator=indicator, value=3)
    return indicator


# Newsletter.
def _newsletter_services():
    from communications.services import newsletters, subscriptions

    return subscriptions, newsletters


def _newsletter_draft():
    from communications.models import Newsletter

    return Newsletter.objects.get_or_create(
        slug="lettre-brouillon",
        defaults={"subject_fr": "Lettre", "body_fr": "Texte.", "audience": {"subscribers": True}},
    )[0]


def _newsletter_sent_delivery():
    from django.utils import timezone

    from communications.models import Delivery, Newsletter

    newsletter, _created = Newsletter.objects.get_or_create(
        slug="lettre-envoyee",
        defaults={
            "subject_fr": "Lettre envoyée",
            "body_fr": "Texte.",
            "status": Newsletter.Status.SENT,
            "sent_at": timezone.now(),
            "tracking_enabled": True,
        },
    )
    return Delivery.objects.get_or_create(
        newsletter=newsletter, email="lecteur@example.org", defaults={"status": "sent"}
    )[0]


def _newsletter_confirm_token():
    from communications.models import Subscriber

    subscriber = Subscriber.objects.create(
        email="abonne@example.org", status=Subscriber.Status.PENDING, source="signup_page"
    )
    return {"token": _newsletter_services()[0].confirmation_token(subscriber=subscriber)}


def _newsletter_link(kind: str):
    return {"token": getattr(_newsletter_services()[0], kind)(email="abonne@example.org")}
