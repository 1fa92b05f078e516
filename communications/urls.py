from django.urls import path

from communications.views import content as content_views
from communications.views import faq as faq_views
from communications.views import member_news as member_news_views
from communications.views import newsletters as newsletter_views
from communications.views import plan as plan_views
from communications.views import subscriptions as subscription_views

app_name = "communications"

urlpatterns = [
    path("faq/", faq_views.faq, name="faq"),
    path("staff/faq/", faq_views.staff_faq, name="staff_faq"),
    path("staff/faq/entries/new/", faq_views.staff_faq_entry_edit, name="staff_faq_entry_create"),
    path(
        "staff/faq/entries/<int:pk>/", faq_views.staff_faq_entry_edit, name="staff_faq_entry_edit"
    ),
    path(
        "staff/faq/entries/<int:pk>/delete/",
        faq_views.staff_faq_entry_delete,
        name="staff_faq_entry_delete",
    ),
    path(
        "staff/faq/categories/new/",
        faq_views.staff_faq_category_edit,
        name="staff_faq_category_create",
    ),
    path(
        "staff/faq/categories/<int:pk>/",
        faq_views.staff_faq_category_edit,
        name="staff_faq_category_edit",
    ),
    # Newsletter: sign-up, signed links from emails, archive, member space, staff editor.
    path("newsletter/", subscription_views.newsletter, name="newsletter"),
    path("newsletter/archive/", newsletter_views.archive, name="newsletter_archive"),
    path("newsletter/confirm/<str:token>/", subscription_views.confirm, name="newsletter_confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        subscription_views.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path(
        "newsletter/preferences/<str:token>/",
        subscription_views.preferences,
        name="newsletter_preferences",
    ),
    path("newsletter/o/<str:token>.gif", newsletter_views.track_open, name="newsletter_open"),
    path("newsletter/c/<str:token>/", newsletter_views.track_click, name="newsletter_click"),
    path("newsletter/<slug:slug>/", newsletter_views.web_version, name="newsletter_web"),
    path("space/newsletter/", subscription_views.space_newsletter, name="space_newsletter"),
    path("staff/newsletters/", newsletter_views.staff_newsletters, name="staff_newsletters"),
    path(
        "staff/newsletters/new/",
        newsletter_views.staff_newsletter_edit,
        name="staff_newsletter_create",
    ),
    path(
        "staff/newsletters/subscribers/",
        subscription_views.staff_subscribers,
        name="staff_newsletter_subscribers",
    ),
    path(
        "staff/newsletters/<int:pk>/",
        newsletter_views.staff_newsletter,
        name="staff_newsletter",
    ),
    path(
        "staff/newsletters/<int:pk>/edit/",
        newsletter_views.staff_newsletter_edit,
        name="staff_newsletter_edit",
    ),
    path(
        "staff/newsletters/<int:pk>/preview/<str:language>/",
        newsletter_views.staff_newsletter_preview,
        name="staff_newsletter_preview",
    ),
    path(
        "staff/newsletters/<int:pk>/test/",
        newsletter_views.staff_newsletter_test_send,
        name="staff_newsletter_test_send",
    ),
    path(
        "staff/newsletters/<int:pk>/send/",
        newsletter_views.staff_newsletter_send,
        name="staff_newsletter_send",
    ),
]

# News, the press room and the communication plan.
urlpatterns += [
    path("news/", content_views.news_list, name="news_list"),
    path("news/<slug:slug>/", content_views.news_detail, name="news_detail"),
    path("press/", content_views.press_room, name="press_room"),
    path(
        "press/releases/<slug:slug>/",
        content_views.press_release_detail,
        name="press_release",
    ),
    path("press/downloads/<slug:slug>/", content_views.press_download, name="press_download"),
    path(
        "press/downloads/<slug:slug>/<str:token>/",
        content_views.press_download_file,
        name="press_download_file",
    ),
    path("staff/news/", content_views.staff_news, name="staff_news"),
    path("staff/news/new/", content_views.staff_news_edit, name="staff_news_create"),
    path("staff/news/<int:pk>/", content_views.staff_news_edit, name="staff_news_edit"),
    path(
        "staff/news/<int:pk>/publish/", content_views.staff_news_publish, name="staff_news_publish"
    ),
    path("staff/news/<int:pk>/delete/", content_views.staff_news_delete, name="staff_news_delete"),
    path(
        "staff/news/<int:pk>/feature/", content_views.staff_news_feature, name="staff_news_feature"
    ),
    path("staff/press/", content_views.staff_press, name="staff_press"),
    path(
        "staff/press/releases/new/",
        content_views.staff_press_release_edit,
        name="staff_press_release_create",
    ),
    path(
        "staff/press/releases/<int:pk>/",
        content_views.staff_press_release_edit,
        name="staff_press_release_edit",
    ),
    path(
        "staff/press/releases/<int:pk>/delete/",
        content_views.staff_press_release_delete,
        name="staff_press_release_delete",
    ),
    path(
        "staff/press/downloads/new/",
        content_views.staff_press_asset_edit,
        name="staff_press_asset_create",
    ),
    path(
        "staff/press/downloads/<int:pk>/",
        content_views.staff_press_asset_edit,
        name="staff_press_asset_edit",
    ),
    path(
        "staff/press/downloads/<int:pk>/delete/",
        content_views.staff_press_asset_delete,
        name="staff_press_asset_delete",
    ),
    path("staff/press/requests/", content_views.staff_press_requests, name="staff_press_requests"),
    path("staff/press/coverage/", content_views.staff_coverage, name="staff_coverage"),
    path(
        "staff/press/coverage/new/",
        content_views.staff_coverage_edit,
        name="staff_coverage_create",
    ),
    path(
        "staff/press/coverage/<int:pk>/",
        content_views.staff_coverage_edit,
        name="staff_coverage_edit",
    ),
    path(
        "staff/press/coverage/<int:pk>/delete/",
        content_views.staff_coverage_delete,
        name="staff_coverage_delete",
    ),
    path("staff/plan/", plan_views.staff_plan, name="staff_plan"),
    path(
        "staff/plan/objectives/new/",
        plan_views.staff_objective_edit,
        name="staff_objective_create",
    ),
    path(
        "staff/plan/objectives/<int:pk>/",
        plan_views.staff_objective_edit,
        name="staff_objective_edit",
    ),
    path(
        "staff/plan/objectives/<int:pk>/delete/",
        plan_views.staff_objective_delete,
        name="staff_objective_delete",
    ),
    path("staff/plan/actions/new/", plan_views.staff_action_edit, name="staff_action_create"),
    path("staff/plan/actions/<int:pk>/", plan_views.staff_action_edit, name="staff_action_edit"),
    path(
        "staff/plan/actions/<int:pk>/delete/",
        plan_views.staff_action_delete,
        name="staff_action_delete",
    ),
    path(
        "staff/plan/indicators/new/",
        plan_views.staff_indicator_edit,
        name="staff_indicator_create",
    ),
    path(
        "staff/plan/indicators/<int:pk>/",
        plan_views.staff_indicator_edit,
        name="staff_indicator_edit",
    ),
    path(
        "staff/plan/indicators/<int:pk>/delete/",
        plan_views.staff_indicator_delete,
        name="staff_indicator_delete",
    ),
    path(
        "staff/plan/indicators/<int:pk>/measurements/",
        plan_views.staff_indicator_measurements,
        name="staff_indicator_measurements",
    ),
    path(
        "staff/plan/measurements/<int:pk>/delete/",
        plan_views.staff_measurement_delete,
        name="staff_measurement_delete",
    ),
]

# Member news: companies submit from the member space, staff moderate.
urlpatterns += [
    path("space/news/", member_news_views.space_member_news, name="space_member_news"),
    path(
        "space/news/new/",
        member_news_views.space_member_news_create,
        name="space_member_news_create",
    ),
    path(
        "space/news/<int:pk>/",
        member_news_views.space_member_news_edit,
        name="space_member_news_edit",
    ),
    path(
        "space/news/<int:pk>/withdraw/",
        member_news_views.space_member_news_withdraw,
        name="space_member_news_withdraw",
    ),
    path("staff/member-news/", member_news_views.staff_member_news, name="staff_member_news"),
    path(
        "staff/member-news/<int:pk>/",
        member_news_views.staff_member_news_review,
        name="staff_member_news_review",
    ),
]
