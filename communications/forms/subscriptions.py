"""Forms of the newsletter's subscriptions: sign-up, preferences, the member space's
choice and the bounces staff record."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communications.models import Subscriber


def _consent_label():
    return _(
        "I agree to receive the cluster's newsletter by email. I can unsubscribe at any "
        "time with the link in every issue."
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(label=_consent_label())
    # Which form was used (the page or the site footer), for the subscriber's source.
    origin = forms.ChoiceField(
        choices=[
            (Subscriber.Source.SIGNUP_PAGE, Subscriber.Source.SIGNUP_PAGE),
            (Subscriber.Source.FOOTER, Subscriber.Source.FOOTER),
        ],
        widget=forms.HiddenInput,
        required=False,
    )

    def clean_origin(self) -> str:
        return self.cleaned_data["origin"] or Subscriber.Source.SIGNUP_PAGE


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)


class SpaceNewsletterForm(forms.Form):
    subscribed = forms.TypedChoiceField(
        choices=[("1", _("Yes")), ("0", _("No"))], coerce=lambda value: value == "1"
    )


class BounceForm(forms.Form):
    email = forms.EmailField(label=_("Address that bounced"), max_length=254)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class SubscriberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Subscriber.Status.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The valid filters; an invalid status (a stale bookmark) filters nothing, and a
        long query is cut rather than refused."""
        self.is_valid()
        return {
            "status": self.cleaned_data.get("status") or "",
            "query": (self.cleaned_data.get("q") or "")[:200],
        }
