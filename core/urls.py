from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("legal/", views.legal_notice, name="legal"),
    path("privacy/", views.privacy_policy, name="privacy"),
    path("welcome/", views.after_login, name="after_login"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/notifications/", views.staff_notifications, name="staff_notifications"),
    path("staff/emails/", views.staff_emails, name="staff_emails"),
    path("staff/emails/<int:pk>/retry/", views.staff_email_retry, name="staff_email_retry"),
    path("staff/emails/<int:pk>/cancel/", views.staff_email_cancel, name="staff_email_cancel"),
]
