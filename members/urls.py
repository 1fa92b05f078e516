from django.urls import path

from members.views import directory as directory_views
from members.views import groups as group_views
from members.views import imports as import_views
from members.views import invitations as invitation_views
from members.views import joining as joining_views
from members.views import memberships as membership_views
from members.views import organizations as organization_views
from members.views import profiles as profile_views

app_name = "members"

# Each area of the app adds its routes in its own block.
urlpatterns = [
    # Member space
    path(
        "space/organizations/<slug:slug>/invite/",
        invitation_views.space_invite,
        name="space_invite",
    ),
    # Staff back-office
    path(
        "staff/organizations/", organization_views.staff_organizations, name="staff_organizations"
    ),
    path(
        "staff/organizations/<slug:slug>/invite/",
        invitation_views.staff_invite,
        name="staff_invite",
    ),
    # Invitations
    path(
        "accounts/invitation/<str:token>/",
        invitation_views.invitation_accept,
        name="invitation_accept",
    ),
    # Public directory and partners
    path("members/", directory_views.directory, name="directory"),
    path("members/<slug:slug>/", directory_views.directory_profile, name="directory_profile"),
    path("partners/", directory_views.partners, name="partners"),
    # Joining, memberships and dues
    path("join/", joining_views.join, name="join"),
    path("join/thanks/", joining_views.join_thanks, name="join_thanks"),
    path("staff/applications/", joining_views.staff_applications, name="staff_applications"),
    path(
        "staff/applications/<int:pk>/",
        joining_views.staff_application,
        name="staff_application",
    ),
    path(
        "staff/organizations/<slug:slug>/memberships/",
        membership_views.staff_memberships,
        name="staff_memberships",
    ),
    path(
        "staff/organizations/<slug:slug>/memberships/renew/",
        membership_views.staff_membership_renew,
        name="staff_membership_renew",
    ),
    path(
        "staff/organizations/<slug:slug>/memberships/<int:pk>/",
        membership_views.staff_membership_edit,
        name="staff_membership_edit",
    ),
    path("staff/dues/", membership_views.staff_dues, name="staff_dues"),
    path(
        "space/organizations/<slug:slug>/membership/",
        membership_views.space_membership,
        name="space_membership",
    ),
    path(
        "space/organizations/<slug:slug>/membership/certificate.pdf",
        membership_views.space_membership_certificate,
        name="space_membership_certificate",
    ),
    # Working groups, the member-space profile and contacts, personal data
    path("staff/groups/", group_views.staff_groups, name="staff_groups"),
    path("staff/groups/new/", group_views.staff_group_create, name="staff_group_create"),
    path("staff/groups/<slug:slug>/", group_views.staff_group, name="staff_group"),
    path("staff/groups/<slug:slug>/edit/", group_views.staff_group_edit, name="staff_group_edit"),
    path(
        "staff/groups/<slug:slug>/requests/<int:pk>/accept/",
        group_views.staff_group_request_accept,
        name="staff_group_request_accept",
    ),
    path(
        "staff/groups/<slug:slug>/requests/<int:pk>/decline/",
        group_views.staff_group_request_decline,
        name="staff_group_request_decline",
    ),
    path(
        "staff/groups/<slug:slug>/members/<int:pk>/role/",
        group_views.staff_group_member_role,
        name="staff_group_member_role",
    ),
    path("space/groups/", group_views.space_groups, name="space_groups"),
    path("space/groups/<slug:slug>/", group_views.space_group, name="space_group"),
    path("space/groups/<slug:slug>/join/", group_views.space_group_join, name="space_group_join"),
    path(
        "space/groups/<slug:slug>/documents/<int:pk>/",
        group_views.space_group_document,
        name="space_group_document",
    ),
    path(
        "space/groups/<slug:slug>/requests/<int:pk>/accept/",
        group_views.space_group_request_accept,
        name="space_group_request_accept",
    ),
    path(
        "space/groups/<slug:slug>/requests/<int:pk>/decline/",
        group_views.space_group_request_decline,
        name="space_group_request_decline",
    ),
    path("space/profile/", profile_views.space_profile_home, name="space_profile_home"),
    path(
        "space/organizations/<slug:slug>/profile/",
        profile_views.space_profile,
        name="space_profile",
    ),
    path(
        "space/organizations/<slug:slug>/contacts/",
        profile_views.space_contacts,
        name="space_contacts",
    ),
    path(
        "space/organizations/<slug:slug>/contacts/<int:pk>/role/",
        profile_views.space_contact_access,
        name="space_contact_access",
    ),
    path(
        "space/organizations/<slug:slug>/contacts/<int:pk>/detach/",
        profile_views.space_contact_detach,
        name="space_contact_detach",
    ),
    # Spreadsheet imports of organizations and contacts
    path("staff/imports/", import_views.staff_imports, name="staff_imports"),
    path("staff/imports/<int:pk>/", import_views.staff_import, name="staff_import"),
    path(
        "staff/imports/<int:pk>/columns/",
        import_views.staff_import_mapping,
        name="staff_import_mapping",
    ),
    path(
        "staff/imports/<int:pk>/confirm/",
        import_views.staff_import_confirm,
        name="staff_import_confirm",
    ),
    path(
        "staff/imports/template/<str:kind>.csv",
        import_views.staff_import_template,
        name="staff_import_template",
    ),
    # Animators' CRM: 360° page, its forms, follow-ups, contacts. Kept last so that fixed
    # paths such as staff/organizations/import/ added above win over <slug>/.
    path(
        "staff/organizations/<slug:slug>/edit/",
        organization_views.staff_organization_edit,
        name="staff_organization_edit",
    ),
    path(
        "staff/organizations/<slug:slug>/",
        organization_views.staff_organization,
        name="staff_organization",
    ),
    path(
        "staff/organizations/<slug:slug>/interactions/",
        organization_views.staff_organization_interaction_add,
        name="staff_organization_interaction_add",
    ),
    path(
        "staff/organizations/<slug:slug>/perception/",
        organization_views.staff_organization_perception,
        name="staff_organization_perception",
    ),
    path(
        "staff/organizations/<slug:slug>/animator/",
        organization_views.staff_organization_animator,
        name="staff_organization_animator",
    ),
    path(
        "staff/interactions/<int:pk>/done/",
        organization_views.staff_interaction_done,
        name="staff_interaction_done",
    ),
    path("staff/follow-ups/", organization_views.staff_follow_ups, name="staff_follow_ups"),
    path("staff/contacts/", organization_views.staff_contacts, name="staff_contacts"),
]
