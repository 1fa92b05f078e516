from django.urls import path

from reports.views import public, space, staff

app_name = "reports"

urlpatterns = [
    path("press/annual-report/<int:year>/", public.public_annual_report, name="public_annual"),
    path("space/reports/", space.space_reports, name="space_reports"),
    path("space/reports/<int:pk>/", space.space_report, name="space_report"),
    path(
        "space/reports/<int:pk>/v<int:number>/<str:language>.pdf",
        space.space_version_pdf,
        name="space_version_pdf",
    ),
    path("space/statements/", space.space_statements, name="space_statements"),
    path(
        "space/statements/<slug:slug>/<int:year>/",
        space.space_statement,
        name="space_statement",
    ),
    path(
        "space/statements/<slug:slug>/<int:year>/<str:language>.pdf",
        space.space_statement_pdf,
        name="space_statement_pdf",
    ),
    path("staff/reports/", staff.staff_reports, name="staff_reports"),
    path("staff/reports/new/", staff.staff_report_create, name="staff_report_create"),
    path("staff/reports/<int:pk>/", staff.staff_report, name="staff_report"),
    path("staff/reports/<int:pk>/build/", staff.staff_report_build, name="staff_report_build"),
    path("staff/reports/<int:pk>/text/", staff.staff_report_texts, name="staff_report_texts"),
    path(
        "staff/reports/<int:pk>/preview/", staff.staff_report_preview, name="staff_report_preview"
    ),
    path(
        "staff/reports/<int:pk>/draft-<str:language>.pdf",
        staff.staff_report_pdf,
        name="staff_report_pdf",
    ),
    path("staff/reports/<int:pk>/figures.xlsx", staff.staff_report_xlsx, name="staff_report_xlsx"),
    path(
        "staff/reports/<int:pk>/publish/", staff.staff_report_publish, name="staff_report_publish"
    ),
    path(
        "staff/reports/<int:pk>/v<int:number>/public/",
        staff.staff_version_public,
        name="staff_version_public",
    ),
    path(
        "staff/reports/<int:pk>/v<int:number>/<str:language>.pdf",
        staff.staff_version_pdf,
        name="staff_version_pdf",
    ),
]
