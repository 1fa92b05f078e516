"""Staff's forms for endpoints and the delivery log's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.domain_events import EVENT_TYPES
from webhooks.models import WebhookMessage
from webhooks.payloads import PING
from webhooks.services.endpoints import EndpointUrlRefused, endpoint_url_check


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The public https:// address of the application that receives the events."),
    )
    purpose = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Who receives it and what for, e.g. the accountant's tool."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events sent"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, f"{name}: {description}") for name, description in EVENT_TYPES.items()],
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            endpoint_url_check(url)
        except EndpointUrlRefused as error:
            raise forms.ValidationError(str(error)) from None
        return url


class MessageFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + list(WebhookMessage.State.choices),
    )
    event_type = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("Any event"))] + [(name, name) for name in (*EVENT_TYPES, PING)],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "state": self.cleaned_data["state"],
            "event_type": self.cleaned_data["event_type"],
        }
