from django.urls import path

from surveys.views import answers, results, sending
from surveys.views import surveys as survey_views

app_name = "surveys"

urlpatterns = [
    # Staff builder, sending and results
    path("staff/surveys/", survey_views.staff_surveys, name="staff_surveys"),
    path("staff/surveys/new/", survey_views.staff_survey_create, name="staff_survey_create"),
    path("staff/surveys/<int:pk>/", survey_views.staff_survey, name="staff_survey"),
    path("staff/surveys/<int:pk>/edit/", survey_views.staff_survey_edit, name="staff_survey_edit"),
    path(
        "staff/surveys/<int:pk>/duplicate/",
        survey_views.staff_survey_duplicate,
        name="staff_survey_duplicate",
    ),
    path(
        "staff/surveys/<int:pk>/preview/", answers.staff_survey_preview, name="staff_survey_preview"
    ),
    path("staff/surveys/<int:pk>/send/", sending.staff_survey_send, name="staff_survey_send"),
    path("staff/surveys/<int:pk>/close/", sending.staff_survey_close, name="staff_survey_close"),
    path(
        "staff/surveys/<int:pk>/results/", results.staff_survey_results, name="staff_survey_results"
    ),
    path("staff/surveys/<int:pk>/export/", results.staff_survey_export, name="staff_survey_export"),
    path(
        "staff/surveys/<int:pk>/sections/new/",
        survey_views.staff_section_create,
        name="staff_section_create",
    ),
    path(
        "staff/surveys/sections/<int:pk>/edit/",
        survey_views.staff_section_edit,
        name="staff_section_edit",
    ),
    path(
        "staff/surveys/sections/<int:pk>/delete/",
        survey_views.staff_section_delete,
        name="staff_section_delete",
    ),
    path(
        "staff/surveys/sections/<int:pk>/move/",
        survey_views.staff_section_move,
        name="staff_section_move",
    ),
    path(
        "staff/surveys/<int:pk>/questions/new/",
        survey_views.staff_question_create,
        name="staff_question_create",
    ),
    path(
        "staff/surveys/questions/<int:pk>/edit/",
        survey_views.staff_question_edit,
        name="staff_question_edit",
    ),
    path(
        "staff/surveys/questions/<int:pk>/delete/",
        survey_views.staff_question_delete,
        name="staff_question_delete",
    ),
    path(
        "staff/surveys/questions/<int:pk>/move/",
        survey_views.staff_question_move,
        name="staff_question_move",
    ),
    # Answering
    path("space/surveys/", answers.space_surveys, name="space_surveys"),
    path("surveys/public/<slug:slug>/", answers.public_answer, name="public_answer"),
    path("surveys/public/confirm/<str:token>/", answers.public_confirm, name="public_confirm"),
    path("surveys/thanks/<slug:slug>/", answers.thanks, name="thanks"),
    # One's own invitation from the member space: signed in, no personal link needed.
    path("surveys/mine/<int:pk>/", answers.space_answer, name="space_answer"),
    path("surveys/<str:token>/", answers.answer, name="answer"),
]
