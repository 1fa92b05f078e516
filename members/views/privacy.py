"""The staff's pages on personal data: the register of processing activities, drawn from the
declarations of core.personal_data, and what the next retention run will do."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import permissions
from core.personal_data import Nothing, declarations
from members.services import retention


@permissions.staff_required
def staff_privacy_register(request: HttpRequest) -> HttpResponse:
    # Built from the declarations in code: no query, and it cannot drift from what the
    # portal does.
    activities = [
        {
            "app": declaration.model._meta.app_config.verbose_name,
            "label": declaration.label,
            "model": declaration.model._meta.label,
            "purpose": declaration.purpose,
            "legal_basis": declaration.legal_basis.label,
            "categories": declaration.categories,
            "retention": declaration.retention.describe(),
            "processors": declaration.processors,
            "exported": not isinstance(declaration.export, Nothing),
            "export_note": getattr(declaration.export, "reason", ""),
            "erase_note": getattr(declaration.erase, "reason", ""),
            "free_text": bool(declaration.free_text),
        }
        for declaration in declarations()
    ]
    return render(request, "members/staff_privacy_register.html", {"activities": activities})


@permissions.staff_required
def staff_privacy_retention(request: HttpRequest) -> HttpResponse:
    # One count per rule.
    rules = [
        {"rule": rule, "days": rule.days(), "count": count}
        for rule, count in retention.retention_preview()
    ]
    return render(request, "members/staff_privacy_retention.html", {"rules": rules})
