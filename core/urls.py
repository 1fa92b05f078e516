from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("staff/notifications/", views.staff_notifications, name="staff_notifications"),
    path("staff/emails/", views.staff_emails, name="staff_emails"),
    path("staff/emails/<int:pk>/retry/", views.staff_email_retry, name="staff_email_retry"),
    path("staff/emails/<int:pk>/cancel/", views.staff_email_cancel, name="staff_email_cancel"),
]
