"""The form of a partner cluster's calendar feed."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import PartnerCalendar
from events.services.feeds import FEED_SCHEMES


class PartnerCalendarForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    feed_url = forms.URLField(
        label=_("iCalendar feed address"),
        assume_scheme="https",
        help_text=_("The partner's public iCalendar (.ics) address, http:// or https://."),
    )

    class Meta:
        model = PartnerCalendar
        fields = ["name", "website", "feed_url", "is_active"]

    def clean_feed_url(self):
        url = self.cleaned_data["feed_url"]
        if urlsplit(url).scheme not in FEED_SCHEMES:
            raise forms.ValidationError(_("Enter an http:// or https:// address."))
        return url
