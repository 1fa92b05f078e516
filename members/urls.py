from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("space/", views.space_dashboard, name="space_dashboard"),
    path("space/organizations/<slug:slug>/invite/", views.space_invite, name="space_invite"),
    path("staff/organizations/", views.staff_organizations, name="staff_organizations"),
    path(
        "staff/organizations/<slug:slug>/invite/", views.staff_invite, name="staff_invite"
    ),
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
