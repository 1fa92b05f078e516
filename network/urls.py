from django.urls import path

from network.views import network as views

app_name = "network"

urlpatterns = [
    path("space/network/", views.search, name="search"),
    path(
        "space/organizations/<slug:slug>/network/",
        views.space_consent,
        name="space_consent",
    ),
    path("staff/network/partners/", views.staff_partners, name="staff_partners"),
    path("staff/network/partners/new/", views.staff_partner_create, name="staff_partner_create"),
    path("staff/network/partners/<int:pk>/", views.staff_partner, name="staff_partner"),
    path(
        "staff/network/partners/<int:pk>/mapping/",
        views.staff_partner_mapping,
        name="staff_partner_mapping",
    ),
    path(
        "staff/network/partners/<int:pk>/delete/",
        views.staff_partner_delete,
        name="staff_partner_delete",
    ),
    path(
        "staff/network/partners/<int:pk>/import/",
        views.staff_partner_import,
        name="staff_partner_import",
    ),
]
