"""Forms of the opportunities board: the public filters, the member's and the animator's
item forms, the staff list's filters and the rejection note."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaboration.models import Opportunity
from collaboration.services.opportunities import MEMBER_FIELDS, STAFF_FIELDS
from core.forms import ListFilterForm
from core.widgets import DateInput
from members.models import Region

MEMBER_KIND_CHOICES = [
    (kind.value, kind.label) for kind in Opportunity.Kind if kind in Opportunity.MEMBER_KINDS
]


class OpportunityBoardFilterForm(ListFilterForm):
    """The public board's search box and filters; an unknown value filters nothing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=pgettext_lazy("opportunity", "Kind"),
        required=False,
        choices=[("", _("All kinds")), *Opportunity.Kind.choices],
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Title, company, place…")


class OpportunityStaffFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=pgettext_lazy("opportunity", "Kind"),
        required=False,
        choices=[("", _("All kinds")), *Opportunity.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Opportunity.Status.choices],
    )


class _OpportunityForm(forms.ModelForm):
    """What both forms check: an expiry not in the past, somewhere to apply."""

    class Meta:
        model = Opportunity
        fields = list(MEMBER_FIELDS)
        widgets = {"starts_on": DateInput(), "expires_on": DateInput()}
        help_texts = {
            "description": _("Markdown: **bold**, lists with -, links [text](https://…)."),
            "expires_on": _("The item leaves the board the day after."),
            "apply_url": _("Candidates apply by this link or by email: give at least one."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", pgettext_lazy("region", "Not specified")),
            *Region.choices,
        ]

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        # An item kept as it is may have expired since; only a new expiry is checked.
        if "expires_on" in self.changed_data and expires_on < timezone.localdate():
            raise forms.ValidationError(_("The expiry date cannot be in the past."))
        return expires_on

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("apply_url")
            and not cleaned.get("apply_email")
            and "apply_url" not in self.errors
            and "apply_email" not in self.errors
        ):
            self.add_error(
                "apply_url", _("Give a link or an email address where candidates apply.")
            )
        return cleaned


class OpportunityMemberForm(_OpportunityForm):
    """A member's internship, work-study place, job or training. With several organizations,
    the member says for which one it is posted."""

    organization = forms.TypedChoiceField(label=_("Posted for"), coerce=int)

    class Meta(_OpportunityForm.Meta):
        fields = _OpportunityForm.Meta.fields

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MEMBER_KIND_CHOICES
        if self.instance.pk or len(organizations) < 2:
            # One organization, or an item already posted: nothing to choose.
            del self.fields["organization"]
        else:
            self.fields["organization"].choices = [(org.pk, org.name) for org in organizations]
            self.order_fields(["organization"])


class OpportunityStaffForm(_OpportunityForm):
    """Animators' form: every kind, with the funder and the scope of funding opportunities."""

    class Meta(_OpportunityForm.Meta):
        fields = list(STAFF_FIELDS)

    field_order = ["kind", "title", "funder", "scope", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["kind"].initial = Opportunity.Kind.FUNDING

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Opportunity.Kind.FUNDING and not cleaned.get("funder"):
            self.add_error("funder", _("Say who funds it."))
        return cleaned


class OpportunityRejectForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the poster"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why it is not published, and what to change: the poster receives it."),
    )
