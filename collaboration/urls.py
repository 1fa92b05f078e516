from django.urls import path  # noqa: F401

from collaboration.views import opportunities as opportunity_views

app_name = "collaboration"

# Calls for collaborative projects: public, member space, back-office.
calls_urlpatterns = []


# Needs, offers and introductions: member space, back-office.
introductions_urlpatterns = []


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
