from django.urls import path

from webhooks.views import staff

app_name = "webhooks"

urlpatterns = [
    path("staff/webhooks/", staff.endpoint_list, name="staff_endpoints"),
    path("staff/webhooks/new/", staff.endpoint_create, name="staff_endpoint_create"),
    path("staff/webhooks/<int:pk>/", staff.endpoint_detail, name="staff_endpoint"),
    path("staff/webhooks/<int:pk>/edit/", staff.endpoint_edit, name="staff_endpoint_edit"),
    path("staff/webhooks/<int:pk>/rotate/", staff.endpoint_rotate, name="staff_endpoint_rotate"),
    path("staff/webhooks/<int:pk>/ping/", staff.endpoint_ping, name="staff_endpoint_ping"),
    path("staff/webhooks/<int:pk>/enable/", staff.endpoint_enable, name="staff_endpoint_enable"),
    path("staff/webhooks/<int:pk>/disable/", staff.endpoint_disable, name="staff_endpoint_disable"),
    path("staff/webhooks/<int:pk>/delete/", staff.endpoint_delete, name="staff_endpoint_delete"),
    path(
        "staff/webhooks/messages/<int:pk>/resend/",
        staff.message_resend,
        name="staff_message_resend",
    ),
]
