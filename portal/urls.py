from django.urls import path

from portal.views import public, space, staff

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("legal/", public.legal_notice, name="legal"),
    path("privacy/", public.privacy_policy, name="privacy"),
    path("welcome/", public.after_login, name="after_login"),
    path("space/", space.space_dashboard, name="space_dashboard"),
    path("space/my-data/", space.space_my_data, name="space_my_data"),
    path("space/my-data/export.json", space.space_my_data_export, name="space_my_data_export"),
    path("staff/", staff.staff_dashboard, name="staff_dashboard"),
    path("staff/contacts/<int:pk>/erase/", staff.staff_contact_erase, name="staff_contact_erase"),
    path(
        "staff/personal-data/register/",
        staff.staff_privacy_register,
        name="staff_privacy_register",
    ),
    path(
        "staff/personal-data/retention/",
        staff.staff_privacy_retention,
        name="staff_privacy_retention",
    ),
]
