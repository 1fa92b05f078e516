from django.urls import path

from communications import views

app_name = "communications"

urlpatterns = [
    path("faq/", views.faq, name="faq"),
    path("staff/faq/", views.staff_faq, name="staff_faq"),
    path("staff/faq/entries/new/", views.staff_faq_entry_edit, name="staff_faq_entry_create"),
    path("staff/faq/entries/<int:pk>/", views.staff_faq_entry_edit, name="staff_faq_entry_edit"),
    path(
        "staff/faq/entries/<int:pk>/delete/",
        views.staff_faq_entry_delete,
        name="staff_faq_entry_delete",
    ),
    path(
        "staff/faq/categories/new/",
        views.staff_faq_category_edit,
        name="staff_faq_category_create",
    ),
    path(
        "staff/faq/categories/<int:pk>/",
        views.staff_faq_category_edit,
        name="staff_faq_category_edit",
    ),
]
