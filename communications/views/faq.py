from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communications import permissions
from communications.forms.faq import FaqCategoryForm, FaqEntryForm
from communications.models import FaqCategory, FaqEntry
from communications.selectors import faq as selectors
from communications.services import faq as services
from core.pagecache import public_page


@public_page("faq")
def faq(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    categories = selectors.faq_published(query=query)
    template = "communications/public/faq.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"categories": categories, "query": query})


@permissions.staff_required
def staff_faq(request: HttpRequest) -> HttpResponse:
    categories = selectors.faq_staff_list()
    return render(request, "communications/staff/faq.html", {"categories": categories})


@permissions.staff_required
def staff_faq_entry_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    entry = get_object_or_404(FaqEntry, pk=pk) if pk else FaqEntry()
    form = FaqEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.faq_entry_save(entry=entry, data=form.cleaned_data)
        messages.success(request, _("The FAQ entry is saved."))
        return redirect("communications:staff_faq")
    return render(request, "communications/staff/faq_form.html", {"form": form, "object": entry})


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
    return render(request, "communications/staff/faq_form.html", {"form": form, "object": category})
