from django.urls import path  # noqa: F401

from collaboration.views import introductions as introduction_views

app_name = "collaboration"

# Calls for collaborative projects: public, member space, back-office.
calls_urlpatterns = []


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
opportunities_urlpatterns = []


urlpatterns = [*calls_urlpatterns, *introductions_urlpatterns, *opportunities_urlpatterns]
