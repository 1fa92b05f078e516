from django.urls import path

from community.views import awards as award_views
from community.views import discussions as discussion_views
from community.views import testimonials as testimonial_views

app_name = "community"

# Innovation awards: public pages, applications in the member space, the jury, the back-office.

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
        "staff/awards/jurors/<int:pk>/resend/",
        award_views.staff_award_juror_resend,
        name="staff_award_juror_resend",
    ),
    path(
        "staff/awards/jurors/<int:pk>/remove/",
        award_views.staff_award_juror_remove,
        name="staff_award_juror_remove",
    ),
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
discussions_urlpatterns: list = [
    path(
        "space/groups/<slug:slug>/discussions/",
        discussion_views.group_threads,
        name="group_threads",
    ),
    path(
        "space/groups/<slug:slug>/discussions/new/",
        discussion_views.thread_create,
        name="thread_create",
    ),
    path(
        "space/groups/<slug:slug>/discussions/emails/",
        discussion_views.group_notifications,
        name="group_notifications",
    ),
    path(
        "space/groups/<slug:slug>/discussions/<int:pk>/",
        discussion_views.thread,
        name="thread",
    ),
    path(
        "space/groups/<slug:slug>/discussions/<int:pk>/lock/",
        discussion_views.thread_lock,
        name="thread_lock",
    ),
    path(
        "space/groups/<slug:slug>/discussions/messages/<int:pk>/document/",
        discussion_views.message_attachment,
        name="message_attachment",
    ),
    path(
        "space/groups/<slug:slug>/discussions/messages/<int:pk>/report/",
        discussion_views.message_report,
        name="message_report",
    ),
    path(
        "space/groups/<slug:slug>/discussions/messages/<int:pk>/moderate/",
        discussion_views.message_moderate,
        name="message_moderate",
    ),
    path(
        "discussions/unsubscribe/<str:token>/",
        discussion_views.discussions_unsubscribe,
        name="discussions_unsubscribe",
    ),
    path(
        "staff/discussions/reports/",
        discussion_views.staff_reports,
        name="staff_discussion_reports",
    ),
    path(
        "staff/discussions/reports/<int:pk>/resolve/",
        discussion_views.staff_report_resolve,
        name="staff_discussion_report_resolve",
    ),
]

# Testimonials and success stories: public pages and the back-office.
testimonials_urlpatterns: list = [
    path("stories/", testimonial_views.story_list, name="story_list"),
    path("stories/<slug:slug>/", testimonial_views.story_detail, name="story_detail"),
    path(
        "testimonials/withdraw/<str:token>/",
        testimonial_views.testimonial_withdraw,
        name="testimonial_withdraw",
    ),
    path("space/testimonials/", testimonial_views.space_testimonials, name="space_testimonials"),
    path(
        "space/testimonials/<int:pk>/withdraw/",
        testimonial_views.space_testimonial_withdraw,
        name="space_testimonial_withdraw",
    ),
    path(
        "staff/community/testimonials/",
        testimonial_views.staff_testimonials,
        name="staff_testimonials",
    ),
    path(
        "staff/community/testimonials/new/",
        testimonial_views.staff_testimonial_edit,
        name="staff_testimonial_create",
    ),
    path(
        "staff/community/testimonials/<int:pk>/",
        testimonial_views.staff_testimonial_edit,
        name="staff_testimonial_edit",
    ),
    path(
        "staff/community/testimonials/<int:pk>/consent/",
        testimonial_views.staff_testimonial_consent,
        name="staff_testimonial_consent",
    ),
    path(
        "staff/community/testimonials/<int:pk>/publish/",
        testimonial_views.staff_testimonial_publish,
        name="staff_testimonial_publish",
    ),
    path(
        "staff/community/testimonials/<int:pk>/unpublish/",
        testimonial_views.staff_testimonial_unpublish,
        name="staff_testimonial_unpublish",
    ),
    path(
        "staff/community/testimonials/<int:pk>/withdraw/",
        testimonial_views.staff_testimonial_withdraw,
        name="staff_testimonial_withdraw",
    ),
    path("staff/community/stories/", testimonial_views.staff_stories, name="staff_stories"),
    path(
        "staff/community/stories/new/",
        testimonial_views.staff_story_edit,
        name="staff_story_create",
    ),
    path(
        "staff/community/stories/<int:pk>/",
        testimonial_views.staff_story_edit,
        name="staff_story_edit",
    ),
    path(
        "staff/community/stories/<int:pk>/publish/",
        testimonial_views.staff_story_publish,
        name="staff_story_publish",
    ),
]

urlpatterns = awards_urlpatterns + discussions_urlpatterns + testimonials_urlpatterns
