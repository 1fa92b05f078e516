"""The communication plan in the back-office: the summary table, its export, and the
objectives, actions, indicators and measurements behind it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communications import permissions
from communications.forms.plan import (
    ActionForm,
    IndicatorForm,
    MeasurementForm,
    ObjectiveForm,
    PlanFilterForm,
)
from communications.models import Action, Indicator, Measurement, Objective
from communications.selectors import plan as selectors
from communications.services import plan as services
from core.exports import export_if_requested

MEASUREMENTS_SHOWN = 50


@permissions.staff_required
def staff_plan(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET)
    table = selectors.plan_table(**form.filters())
    if export := export_if_requested(
        request,
        filename="communication-plan",
        table=lambda: selectors.plan_export_rows(table=table),
    ):
        return export
    template = "communications/staff/plan.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"table": table, "filter_form": form})


def _form_page(request, form, instance, heading: str, delete_name: str) -> HttpResponse:
    delete_url = reverse(delete_name, args=[instance.pk]) if instance.pk else ""
    return render(
        request,
        "communications/staff/plan_form.html",
        {"form": form, "object": instance, "heading": heading, "delete_url": delete_url},
    )


@permissions.staff_required
def staff_objective_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    objective = get_object_or_404(Objective, pk=pk) if pk else Objective()
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        services.objective_save(objective=objective, data=form.cleaned_data)
        messages.success(request, _("The objective is saved."))
        return redirect("communications:staff_plan")
    return _form_page(
        request, form, objective, _("Objective"), "communications:staff_objective_delete"
    )


@require_POST
@permissions.staff_required
def staff_objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective, pk=pk)
    services.objective_delete(objective=objective)
    messages.success(request, _("The objective, its actions and indicators are deleted."))
    return redirect("communications:staff_plan")


@permissions.staff_required
def staff_action_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk) if pk else Action()
    initial = {}
    if not pk and request.GET.get("objective", "").isdigit():
        initial["objective"] = int(request.GET["objective"])
    form = ActionForm(request.POST or None, instance=action, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.action_save(action=action, data=form.cleaned_data)
        messages.success(request, _("The action is saved."))
        return redirect("communications:staff_plan")
    return _form_page(request, form, action, _("Action"), "communications:staff_action_delete")


@require_POST
@permissions.staff_required
def staff_action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    services.action_delete(action=action)
    messages.success(request, _("The action is deleted."))
    return redirect("communications:staff_plan")


@permissions.staff_required
def staff_indicator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk) if pk else Indicator()
    initial = {}
    for name in ("objective", "action"):
        if not pk and request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = IndicatorForm(request.POST or None, instance=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.indicator_save(indicator=indicator, data=form.cleaned_data)
        messages.success(request, _("The indicator is saved."))
        return redirect("communications:staff_plan")
    return _form_page(
        request, form, indicator, _("Indicator"), "communications:staff_indicator_delete"
    )


@require_POST
@permissions.staff_required
def staff_indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk)
    services.indicator_delete(indicator=indicator)
    messages.success(request, _("The indicator is deleted."))
    return redirect("communications:staff_plan")


@permissions.staff_required
def staff_indicator_measurements(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator's measurements, newest first, and the form to enter one."""
    indicator = get_object_or_404(Indicator, pk=pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.measurement_record(indicator=indicator, **form.cleaned_data)
        messages.success(request, _("The measurement is saved."))
        return redirect("communications:staff_indicator_measurements", pk=indicator.pk)
    measurements = selectors.indicator_measurements(indicator=indicator, limit=MEASUREMENTS_SHOWN)
    return render(
        request,
        "communications/staff/measurement_list.html",
        {"indicator": indicator, "form": form, "measurements": measurements},
    )


@require_POST
@permissions.staff_required
def staff_measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = get_object_or_404(Measurement, pk=pk)
    services.measurement_delete(measurement=measurement)
    messages.success(request, _("The measurement is deleted."))
    return redirect("communications:staff_indicator_measurements", pk=measurement.indicator_id)
