from django.urls import path

from members.views import invitations, space, staff

app_name = "members"

# Each area of the app adds its routes in its own block.
urlpatterns = [
    # Member space
    path("space/", space.space_dashboard, name="space_dashboard"),
    path("space/organizations/<slug:slug>/invite/", space.space_invite, name="space_invite"),
    # Staff back-office
    path("staff/organizations/", staff.staff_organizations, name="staff_organizations"),
    path("staff/organizations/<slug:slug>/invite/", staff.staff_invite, name="staff_invite"),
    # Invitations
    path(
        "accounts/invitation/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
]
