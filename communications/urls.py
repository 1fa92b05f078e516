from django.urls import path

from communications.views import faq as faq_views

app_name = "communications"

urlpatterns = [
    path("faq/", faq_views.faq, name="faq"),
    path("staff/faq/", faq_views.staff_faq, name="staff_faq"),
    path("staff/faq/entries/new/", faq_views.staff_faq_entry_edit, name="staff_faq_entry_create"),
    path(
        "staff/faq/entries/<int:pk>/", faq_views.staff_faq_entry_edit, name="staff_faq_entry_edit"
    ),
    path(
        "staff/faq/entries/<int:pk>/delete/",
        faq_views.staff_faq_entry_delete,
        name="staff_faq_entry_delete",
    ),
    path(
        "staff/faq/categories/new/",
        faq_views.staff_faq_category_edit,
        name="staff_faq_category_create",
    ),
    path(
        "staff/faq/categories/<int:pk>/",
        faq_views.staff_faq_category_edit,
        name="staff_faq_category_edit",
    ),
]
