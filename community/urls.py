from django.urls import path  # noqa: F401

app_name = "community"

# Innovation awards: public pages, applications in the member space, the jury, the back-office.
from community.views import awards as award_views  # noqa: E402

awards_urlpatterns: list = [
    path("awards/", award_views.award_list, name="award_list"),
    path("awards/attachments/<int:pk>/", award_views.award_attachment, name="award_attachment"),
    path("awards/jury/<str:ref>/", award_views.jury_home, name="jury_home"),
    path(
        "awards/jury/<str:ref>/applications/<int:pk>/",
        award_views.jury_application,
        name="jury_application",
    ),
    path(
        "awards/jury/<str:ref>/attachments/<int:pk>/",
        award_views.jury_attachment,
        name="jury_attachment",
    ),
    path("awards/<slug:slug>/", award_views.award_detail, name="award_detail"),
    path("space/awards/", award_views.space_awards, name="space_awards"),
    path(
        "space/awards/<slug:slug>/apply/", award_views.space_award_apply, name="space_award_apply"
    ),
    path(
        "space/awards/applications/<int:pk>/",
        award_views.space_award_application,
        name="space_award_application",
    ),
    path(
        "space/awards/applications/<int:pk>/withdraw/",
        award_views.space_award_withdraw,
        name="space_award_withdraw",
    ),
    path("staff/awards/", award_views.staff_awards, name="staff_awards"),
    path("staff/awards/new/", award_views.staff_award_edit, name="staff_award_create"),
    path("staff/awards/<int:pk>/edit/", award_views.staff_award_edit, name="staff_award_edit"),
    path(
        "staff/awards/<int:pk>/publish/",
        award_views.staff_award_publish,
        name="staff_award_publish",
    ),
    path(
        "staff/awards/<int:pk>/applications/",
        award_views.staff_award_applications,
        name="staff_award_applications",
    ),
    path(
        "staff/awards/<int:pk>/nominate/",
        award_views.staff_award_nominate,
        name="staff_award_nominate",
    ),
    path("staff/awards/<int:pk>/jury/", award_views.staff_award_jury, name="staff_award_jury"),
    path(
        "staff/awards/<int:pk>/ranking/",
        award_views.staff_award_ranking,
        name="staff_award_ranking",
    ),
    path(
        "staff/awards/<int:pk>/announce/",
        award_views.staff_award_announce,
        name="staff_award_announce",
    ),
    path(
        "staff/awards/applications/<int:pk>/",
        award_views.staff_award_application,
        name="staff_award_application",
    ),
    path(
        "staff/awards/categories/<int:pk>/decide/",
        award_views.staff_award_decide,
        name="staff_award_decide",
    ),
]

# Working groups' discussions: threads in the member space (group members) and for staff.
discussions_urlpatterns: list = []

# Testimonials and success stories: public pages and the back-office.
testimonials_urlpatterns: list = []

urlpatterns = awards_urlpatterns + discussions_urlpatterns + testimonials_urlpatterns
