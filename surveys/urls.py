from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    # Staff builder, sending and results
    path("staff/surveys/", views.staff_surveys, name="staff_surveys"),
    path("staff/surveys/new/", views.staff_survey_create, name="staff_survey_create"),
    path("staff/surveys/<int:pk>/", views.staff_survey, name="staff_survey"),
    path("staff/surveys/<int:pk>/edit/", views.staff_survey_edit, name="staff_survey_edit"),
    path(
        "staff/surveys/<int:pk>/duplicate/",
        views.staff_survey_duplicate,
        name="staff_survey_duplicate",
    ),
    path(
        "staff/surveys/<int:pk>/preview/", views.staff_survey_preview, name="staff_survey_preview"
    ),
    path("staff/surveys/<int:pk>/send/", views.staff_survey_send, name="staff_survey_send"),
    path("staff/surveys/<int:pk>/close/", views.staff_survey_close, name="staff_survey_close"),
    path(
        "staff/surveys/<int:pk>/results/", views.staff_survey_results, name="staff_survey_results"
    ),
    path("staff/surveys/<int:pk>/export/", views.staff_survey_export, name="staff_survey_export"),
    path(
        "staff/surveys/<int:pk>/sections/new/",
        views.staff_section_create,
        name="staff_section_create",
    ),
    path(
        "staff/surveys/sections/<int:pk>/edit/", views.staff_section_edit, name="staff_section_edit"
    ),
    path(
        "staff/surveys/sections/<int:pk>/delete/",
        views.staff_section_delete,
        name="staff_section_delete",
    ),
    path(
        "staff/surveys/sections/<int:pk>/move/", views.staff_section_move, name="staff_section_move"
    ),
    path(
        "staff/surveys/<int:pk>/questions/new/",
        views.staff_question_create,
        name="staff_question_create",
    ),
    path(
        "staff/surveys/questions/<int:pk>/edit/",
        views.staff_question_edit,
        name="staff_question_edit",
    ),
    path(
        "staff/surveys/questions/<int:pk>/delete/",
        views.staff_question_delete,
        name="staff_question_delete",
    ),
    path(
        "staff/surveys/questions/<int:pk>/move/",
        views.staff_question_move,
        name="staff_question_move",
    ),
    # Answering
    path("space/surveys/", views.space_surveys, name="space_surveys"),
    path("surveys/public/<slug:slug>/", views.public_answer, name="public_answer"),
    path("surveys/public/confirm/<str:token>/", views.public_confirm, name="public_confirm"),
    path("surveys/thanks/<slug:slug>/", views.thanks, name="thanks"),
    # One's own invitation from the member space: signed in, no personal link needed.
    path("surveys/mine/<int:pk>/", views.space_answer, name="space_answer"),
    path("surveys/<str:token>/", views.answer, name="answer"),
]
