"""Forms of memberships and dues: staff's edit of a membership, the year of the dues page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from core.widgets import DateInput
from members.models import Membership


class MembershipForm(forms.ModelForm):
    """Staff's edit of a membership. Setting "paid on" on an approved one activates it."""

    class Meta:
        model = Membership
        fields = [
            "status",
            "category",
            "dues_amount",
            "invoice_number",
            "invoiced_on",
            "paid_on",
            "payment_method",
            "notes",
        ]
        widgets = {
            "invoiced_on": DateInput(),
            "paid_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"notes": MARKDOWN_HELP}

    def clean_invoice_number(self) -> str:
        # Checked here so staff get a message next to the field; the database constraint
        # still catches two animators saving the same number at once.
        number = self.cleaned_data["invoice_number"].strip()
        if (
            number
            and Membership.objects.filter(invoice_number=number)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(_("This invoice number is already used by another membership."))
        return number

    def clean(self):
        data = super().clean()
        paid_on = data.get("paid_on")
        if paid_on and paid_on > timezone.localdate():
            self.add_error("paid_on", _("The payment date cannot be in the future."))
        return data


class DuesYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
