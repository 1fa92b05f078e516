"""The forms of the API's tokens: making one (staff, or an organization's admin) and the
filters of the lists."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from api.models import ApiToken
from api.scopes import ACCESS_LEVELS, READ, RESOURCES, WRITE, scope
from api.selectors.tokens import ACTIVE, EXPIRED, REVOKED
from core.forms import ListFilterForm
from core.widgets import DateInput

HTTP_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class TokenForm(forms.Form):
    """A token's name and last day; a member organization's admin gives nothing more."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, so that you recognise it later: “Accounting export”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("The token stops working at the end of this day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = _default_expiry
        self.fields["expires_on"].widget.attrs.update(
            min=timezone.localdate().isoformat(), max=self._last_day().isoformat()
        )

    @staticmethod
    def _last_day() -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)

    def clean_expires_on(self) -> datetime.date:
        day = self.cleaned_data["expires_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        if day > self._last_day():
            days = settings.API_TOKEN_MAX_DAYS
            raise forms.ValidationError(
                ngettext(
                    "A token lasts at most %(days)s day: choose %(last)s or earlier.",
                    "A token lasts at most %(days)s days: choose %(last)s or earlier.",
                    days,
                )
                % {"days": days, "last": self._last_day().strftime("%d/%m/%Y")}
            )
        return day

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the cluster's time zone."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class StaffTokenForm(TokenForm):
    """A staff token: its scopes are chosen in a grid, one row per resource."""

    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[
            (scope(resource, access), f"{resource}:{access}")
            for resource in RESOURCES
            for access in ACCESS_LEVELS
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )

    def scope_rows(self) -> list[dict]:
        """The grid: per resource, what it covers and its two checkboxes, checked as sent."""
        chosen = set(self["scopes"].value() or [])
        return [
            {
                "resource": resource,
                # The ids Django gives the boxes, so that the error summary's link lands.
                "read_id": f"id_scopes_{2 * index}",
                "write_id": f"id_scopes_{2 * index + 1}",
                "label": label,
                "read": scope(resource, READ),
                "write": scope(resource, WRITE),
                "read_checked": scope(resource, READ) in chosen,
                "write_checked": scope(resource, WRITE) in chosen,
            }
            for index, (resource, label) in enumerate(RESOURCES.items())
        ]


class TokenFilterForm(ListFilterForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All states")),
            (ACTIVE, pgettext_lazy("API token state", "Active")),
            (EXPIRED, pgettext_lazy("API token state", "Expired")),
            (REVOKED, _("Revoked")),
        ],
    )


class AuditFilterForm(ListFilterForm):
    token = forms.ModelChoiceField(
        label=_("Token"),
        required=False,
        queryset=ApiToken.objects.order_by("name", "pk"),
        empty_label=_("All tokens"),
    )
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[("", _("All methods")), *((method, method) for method in HTTP_METHODS)],
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
