from django.urls import path

from events.views import checkin, registrations
from events.views import debates as debate_views
from events.views import events as event_views
from events.views import feeds as feed_views

app_name = "events"

# Each area of the app adds its routes in its own block.
urlpatterns = [
    # Public calendar and event pages
    path("events/", event_views.event_list, name="event_list"),
    path("events/month/<int:year>/<int:month>/", event_views.event_month, name="event_month"),
    # Registration, waitlist, check-in
    path("space/events/", registrations.space_events, name="space_events"),
    path(
        "events/registration/<str:token>/confirm/",
        registrations.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "events/registration/<str:token>/cancel/",
        registrations.registration_cancel,
        name="registration_cancel",
    ),
    path("events/check-in/<str:token>/", checkin.checkin_token, name="checkin_token"),
    path("events/<slug:slug>/register/", registrations.event_register, name="event_register"),
    path("events/<slug:slug>/unregister/", registrations.event_unregister, name="event_unregister"),
    path("events/<slug:slug>/guest/", registrations.event_guest_register, name="guest_register"),
    path(
        "events/<slug:slug>/register-someone/",
        registrations.register_someone,
        name="register_someone",
    ),
    path("events/<slug:slug>/check-in/", checkin.checkin, name="checkin"),
    path("events/<slug:slug>/check-in/<int:pk>/", checkin.checkin_mark, name="checkin_mark"),
    path(
        "events/<slug:slug>/documents/<int:pk>/", event_views.event_document, name="event_document"
    ),
    path("events/<slug:slug>/", event_views.event_detail, name="event_detail"),
    # Feeds: public, personal, partner clusters
    path("events/calendar.ics", feed_views.calendar_ics, name="calendar_ics"),
    path("events/calendar/<str:token>.ics", feed_views.personal_ics, name="personal_ics"),
    path("events/annual/<int:year>/", feed_views.annual_calendar, name="annual_calendar"),
    path(
        "events/annual/<int:year>/pdf/",
        feed_views.annual_calendar_pdf,
        name="annual_calendar_pdf",
    ),
    path("space/calendar/", feed_views.my_calendar, name="my_calendar"),
    path(
        "space/calendar/regenerate/",
        feed_views.my_calendar_regenerate,
        name="my_calendar_regenerate",
    ),
    # Staff back-office
    path("staff/events/", event_views.staff_events, name="staff_events"),
    path(
        "staff/events/guests/",
        registrations.staff_guest_registrations,
        name="staff_guest_registrations",
    ),
    path("staff/events/new/", event_views.staff_event_create, name="staff_event_create"),
    path("staff/events/<int:pk>/", event_views.staff_event, name="staff_event"),
    path("staff/events/<int:pk>/edit/", event_views.staff_event_edit, name="staff_event_edit"),
    path("staff/events/<int:pk>/move/", event_views.staff_event_move, name="staff_event_move"),
    path(
        "staff/events/<int:pk>/cancel/", event_views.staff_event_cancel, name="staff_event_cancel"
    ),
    path(
        "staff/events/<int:pk>/duplicate/",
        event_views.staff_event_duplicate,
        name="staff_event_duplicate",
    ),
    path(
        "staff/events/<int:pk>/registrations/<int:registration_pk>/status/",
        registrations.staff_registration_status,
        name="staff_registration_status",
    ),
    path(
        "staff/events/<int:pk>/attendees/",
        event_views.staff_event_attendees_export,
        name="staff_event_attendees_export",
    ),
    path(
        "staff/events/<int:pk>/badges.pdf",
        event_views.staff_event_badges,
        name="staff_event_badges",
    ),
    path(
        "staff/events/<int:pk>/sign-in-sheet.pdf",
        event_views.staff_event_signin_sheet,
        name="staff_event_signin_sheet",
    ),
    path(
        "staff/events/organizations/<slug:slug>/attendance/",
        registrations.staff_organization_attendance,
        name="staff_organization_attendance",
    ),
    path("staff/events/partners/", feed_views.staff_partners, name="staff_partners"),
    path(
        "staff/events/partners/new/",
        feed_views.staff_partner_create,
        name="staff_partner_create",
    ),
    path(
        "staff/events/partners/<int:pk>/edit/",
        feed_views.staff_partner_edit,
        name="staff_partner_edit",
    ),
    path(
        "staff/events/partners/<int:pk>/delete/",
        feed_views.staff_partner_delete,
        name="staff_partner_delete",
    ),
    path(
        "staff/events/partners/<int:pk>/import/",
        feed_views.staff_partner_import,
        name="staff_partner_import",
    ),
    # Thematic debates
    path("space/debates/", debate_views.space_debates, name="space_debates"),
    path(
        "space/debates/topics/<int:pk>/vote/",
        debate_views.space_debate_vote,
        name="space_debate_vote",
    ),
    path("staff/events/debates/", debate_views.staff_debates, name="staff_debates"),
    path("staff/events/debates/<int:pk>/", debate_views.staff_debate, name="staff_debate"),
    path(
        "staff/events/debates/<int:pk>/close/",
        debate_views.staff_debate_close,
        name="staff_debate_close",
    ),
    path(
        "staff/events/debates/<int:pk>/event/",
        debate_views.staff_debate_event,
        name="staff_debate_event",
    ),
]
