from django.urls import path  # noqa: F401

from collaboration.views import calls as call_views
from collaboration.views import introductions as introduction_views
from collaboration.views import opportunities as opportunity_views

app_name = "collaboration"

# Calls for collaborative projects: public, member space, back-office.
calls_urlpatterns = [
    path("calls/", call_views.call_list, name="call_list"),
    path("calls/stories/", call_views.stories, name="call_stories"),
    path("calls/<slug:slug>/", call_views.call_detail, name="call_detail"),
    path(
        "calls/<slug:slug>/documents/<int:pk>/",
        call_views.call_document,
        name="call_document",
    ),
    path("space/projects/", call_views.space_projects, name="space_projects"),
    path("space/projects/mine/", call_views.space_my_projects, name="space_my_projects"),
    path(
        "space/projects/submit/<slug:slug>/",
        call_views.space_project_submit,
        name="space_project_submit",
    ),
    path("space/projects/<slug:slug>/", call_views.space_project, name="space_project"),
    path(
        "space/projects/<slug:slug>/interest/",
        call_views.space_project_interest,
        name="space_project_interest",
    ),
    path(
        "space/projects/interests/<int:pk>/decide/",
        call_views.space_interest_decide,
        name="space_interest_decide",
    ),
    path(
        "space/projects/interests/<int:pk>/story-consent/",
        call_views.space_story_consent,
        name="space_story_consent",
    ),
    path("staff/collaboration/calls/", call_views.staff_calls, name="staff_calls"),
    path("staff/collaboration/calls/new/", call_views.staff_call_edit, name="staff_call_create"),
    path("staff/collaboration/calls/<int:pk>/", call_views.staff_call_edit, name="staff_call_edit"),
    path(
        "staff/collaboration/calls/<int:pk>/publish/",
        call_views.staff_call_publish,
        name="staff_call_publish",
    ),
    path(
        "staff/collaboration/calls/<int:pk>/ranking/",
        call_views.staff_call_ranking,
        name="staff_call_ranking",
    ),
    path("staff/collaboration/calls/projects/", call_views.staff_projects, name="staff_projects"),
    path("staff/collaboration/calls/board/", call_views.staff_board, name="staff_board"),
    path(
        "staff/collaboration/calls/projects/<int:pk>/",
        call_views.staff_project,
        name="staff_project",
    ),
    path(
        "staff/collaboration/calls/projects/<int:pk>/stage/",
        call_views.staff_project_stage,
        name="staff_project_stage",
    ),
    path(
        "staff/collaboration/calls/projects/<int:pk>/story/",
        call_views.staff_project_story,
        name="staff_project_story",
    ),
    path(
        "staff/collaboration/calls/projects/<int:pk>/score/",
        call_views.staff_project_score,
        name="staff_project_score",
    ),
]


# Needs, offers and introductions: member space, back-office.
introductions_urlpatterns = [
    path("space/needs-offers/", introduction_views.space_posts, name="space_posts"),
    path("space/needs-offers/new/", introduction_views.space_post_create, name="space_post_create"),
    path("space/needs-offers/<int:pk>/", introduction_views.space_post, name="space_post"),
    path(
        "space/needs-offers/<int:pk>/edit/",
        introduction_views.space_post_edit,
        name="space_post_edit",
    ),
    path(
        "space/needs-offers/<int:pk>/close/",
        introduction_views.space_post_close,
        name="space_post_close",
    ),
    path(
        "space/needs-offers/<int:pk>/suggestions/",
        introduction_views.space_post_suggestions,
        name="space_post_suggestions",
    ),
    path(
        "space/introductions/", introduction_views.space_introductions, name="space_introductions"
    ),
    path(
        "space/introductions/ask/<slug:slug>/",
        introduction_views.space_introduction_request,
        name="space_introduction_request",
    ),
    path(
        "space/introductions/<int:pk>/",
        introduction_views.space_introduction,
        name="space_introduction",
    ),
    path(
        "space/introductions/<int:pk>/accept/",
        introduction_views.space_introduction_accept,
        name="space_introduction_accept",
    ),
    path(
        "space/introductions/<int:pk>/decline/",
        introduction_views.space_introduction_decline,
        name="space_introduction_decline",
    ),
    path(
        "space/introductions/<int:pk>/withdraw/",
        introduction_views.space_introduction_withdraw,
        name="space_introduction_withdraw",
    ),
    path("space/needs-offers/digest/", introduction_views.space_digest, name="space_digest"),
    path(
        "needs-offers/digest/unsubscribe/<str:token>/",
        introduction_views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path("staff/needs-offers/", introduction_views.staff_posts, name="staff_posts"),
    path(
        "staff/needs-offers/<int:pk>/suggestions/",
        introduction_views.staff_post_suggestions,
        name="staff_post_suggestions",
    ),
    path(
        "staff/introductions/", introduction_views.staff_introductions, name="staff_introductions"
    ),
    path(
        "staff/introductions/new/",
        introduction_views.staff_introduction_create,
        name="staff_introduction_create",
    ),
]


# The opportunities board: public, member space, back-office.
opportunities_urlpatterns = [
    path("opportunities/", opportunity_views.opportunity_board, name="opportunity_board"),
    path("opportunities/feed.atom", opportunity_views.opportunity_feed, name="opportunity_feed"),
    path(
        "opportunities/<str:kind>/feed.atom",
        opportunity_views.opportunity_kind_feed,
        name="opportunity_kind_feed",
    ),
    path(
        "opportunities/<slug:slug>/",
        opportunity_views.opportunity_detail,
        name="opportunity_detail",
    ),
    path("space/opportunities/", opportunity_views.space_opportunities, name="space_opportunities"),
    path(
        "space/opportunities/new/",
        opportunity_views.space_opportunity_create,
        name="space_opportunity_create",
    ),
    path(
        "space/opportunities/<int:pk>/",
        opportunity_views.space_opportunity_edit,
        name="space_opportunity_edit",
    ),
    path(
        "space/opportunities/<int:pk>/withdraw/",
        opportunity_views.space_opportunity_withdraw,
        name="space_opportunity_withdraw",
    ),
    path("staff/opportunities/", opportunity_views.staff_opportunities, name="staff_opportunities"),
    path(
        "staff/opportunities/new/",
        opportunity_views.staff_opportunity_edit,
        name="staff_opportunity_create",
    ),
    path(
        "staff/opportunities/moderation/",
        opportunity_views.staff_opportunity_moderation,
        name="staff_opportunity_moderation",
    ),
    path(
        "staff/opportunities/<int:pk>/",
        opportunity_views.staff_opportunity_edit,
        name="staff_opportunity_edit",
    ),
    path(
        "staff/opportunities/<int:pk>/review/",
        opportunity_views.staff_opportunity_review,
        name="staff_opportunity_review",
    ),
]


urlpatterns = [*calls_urlpatterns, *introductions_urlpatterns, *opportunities_urlpatterns]
