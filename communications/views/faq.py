from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communications import permissions
from communications.forms import FaqCategoryForm, FaqEntryForm
from communications.models import FaqCategory, FaqEntry
from communications.services import faq as services


def faq(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    # One query: published entries matching the search, with their categories.
    entries = FaqEntry.objects.published().search(query).select_related("category")
    categories: dict[FaqCategory, list[FaqEntry]] = {}
    for entry in entries:
        categories.setdefault(entry.category, []).append(entry)
    template = "communications/faq.html#results" if request.htmx else "communications/faq.html"
    return render(request, template, {"categories": list(categories.items()), "query": query})


@permissions.staff_required
def staff_faq(request: HttpRequest) -> HttpResponse:
    categories = FaqCategory.objects.prefetch_related("entries")
    return render(request, "communications/staff_faq.html", {"categories": categories})


@permissions.staff_required
def staff_faq_entry_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    entry = get_object_or_404(FaqEntry, pk=pk) if pk else FaqEntry()
    form = FaqEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.faq_entry_save(entry=entry, data=form.cleaned_data)
        messages.success(request, _("The FAQ entry is saved."))
        return redirect("communications:staff_faq")
    return render(request, "communications/staff_faq_form.html", {"form": form, "object": entry})


@require_POST
@permissions.staff_required
def staff_faq_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(FaqEntry, pk=pk)
    services.faq_entry_delete(entry=entry)
    messages.success(request, _("The FAQ entry is deleted."))
    return redirect("communications:staff_faq")


@permissions.staff_required
def staff_faq_category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(FaqCategory, pk=pk) if pk else FaqCategory()
    form = FaqCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.faq_category_save(category=category, data=form.cleaned_data)
        messages.success(request, _("The FAQ category is saved."))
        return redirect("communications:staff_faq")
    return render(request, "communications/staff_faq_form.html", {"form": form, "object": category})
