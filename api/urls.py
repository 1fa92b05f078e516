"""The pages people use to manage the API (the API itself is api.main, under /api/v1/)."""

from django.urls import path

from api.views import space, staff

app_name = "api_tokens"

urlpatterns = [
    path("staff/api/tokens/", staff.staff_tokens, name="staff_tokens"),
    path("staff/api/tokens/new/", staff.staff_token_create, name="staff_token_create"),
    path("staff/api/tokens/<int:pk>/revoke/", staff.staff_token_revoke, name="staff_token_revoke"),
    path("staff/api/audit/", staff.staff_audit, name="staff_audit"),
    path("space/api/tokens/", space.space_tokens, name="space_tokens"),
    path(
        "space/organizations/<slug:slug>/api-tokens/new/",
        space.space_token_create,
        name="space_token_create",
    ),
    path(
        "space/organizations/<slug:slug>/api-tokens/<int:pk>/revoke/",
        space.space_token_revoke,
        name="space_token_revoke",
    ),
]
