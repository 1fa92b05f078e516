"""Forms of testimonials and success stories: the staff's testimonial, its consent and the
recording of a withdrawal, the stories, and the staff lists' filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import SuccessStory, Testimonial, TestimonialConsent
from community.selectors.testimonials import STATUS_NO_CONSENT, STATUS_PUBLISHED, STATUS_READY
from community.services.testimonials import (
    PHOTO_MAX_BYTES,
    STORY_FIELDS,
    STORY_IMAGE_MAX_BYTES,
    TESTIMONIAL_FIELDS,
    photo_check,
    story_image_check,
)
from core.forms import ListFilterForm, image_field_setup, image_upload_clean
from core.markup import MARKDOWN_HELP
from core.widgets import DateInput
from members.models import Contact, Organization

# The organizations a testimonial or a story may name: the register's members, former
# members and partners (prospects have not said anything about the cluster yet).
_NAMED_LIFECYCLES = (
    Organization.Lifecycle.MEMBER,
    Organization.Lifecycle.FORMER_MEMBER,
    Organization.Lifecycle.PARTNER,
)


def _organizations():
    return Organization.objects.filter(lifecycle__in=_NAMED_LIFECYCLES).order_by("name")


class TestimonialFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            (STATUS_PUBLISHED, pgettext_lazy("testimonial", "Published")),
            (STATUS_READY, _("Consent recorded, not published")),
            (STATUS_NO_CONSENT, _("No consent in force")),
        ],
    )


class TestimonialForm(forms.ModelForm):
    photo = forms.FileField(label=_("Photo"), required=False)

    class Meta:
        model = Testimonial
        fields = [name for name in TESTIMONIAL_FIELDS if name != "contact"]
        widgets = {
            "quote_fr": forms.Textarea(attrs={"rows": 4}),
            "quote_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "organization": _("Leave empty for a partner or an outsider and give the company."),
            "email": _(
                "To tell the person when the testimonial is online and let them withdraw it. "
                "A contact of the register with this address is linked to it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations()
        image_field_setup(self.fields["photo"], max_bytes=PHOTO_MAX_BYTES)
        self.fields["quote_fr"].error_messages["required"] = _("Write the quote in French.")

    def clean_quote_fr(self):
        quote = self.cleaned_data["quote_fr"].strip()
        if not quote:
            raise forms.ValidationError(_("Write the quote in French."))
        return quote

    def clean_photo(self):
        return image_upload_clean(self.cleaned_data.get("photo"), photo_check)

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("organization")
            and not cleaned.get("company_name")
            and "organization" not in self.errors
        ):
            self.add_error(
                "company_name", _("Choose an organization of the register or name the company.")
            )
        # The person's contact in the register, found by their address, so that the
        # testimonial shows in their data and their member space.
        email = cleaned.get("email")
        cleaned["contact"] = (
            Contact.objects.filter(email__iexact=email, anonymised_at__isnull=True)
            .order_by("pk")
            .first()
            if email
            else None
        )
        return cleaned


class TestimonialConsentForm(forms.ModelForm):
    class Meta:
        model = TestimonialConsent
        fields = ["method", "given_on", "text_version"]
        widgets = {"given_on": DateInput()}
        help_texts = {
            "text_version": _(
                "Which text the person agreed to: the date or reference of the version they "
                "read (e.g. « Citation du 12/03/2026, signée »)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("A consent cannot be given in the future."))
        return given_on


STAFF_WITHDRAWAL_METHODS = [
    (method.value, method.label)
    for method in TestimonialConsent.WithdrawalMethod
    if method
    in (
        TestimonialConsent.WithdrawalMethod.EMAIL,
        TestimonialConsent.WithdrawalMethod.IN_PERSON,
        TestimonialConsent.WithdrawalMethod.PHONE,
    )
]


class TestimonialWithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the person withdrew their consent"), choices=STAFF_WITHDRAWAL_METHODS
    )
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self):
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        if withdrawn_on > timezone.localdate():
            raise forms.ValidationError(_("A withdrawal cannot be in the future."))
        return withdrawn_on


class StoryFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            ("published", pgettext_lazy("success story", "Published")),
            ("draft", _("Draft")),
        ],
    )


class SuccessStoryForm(forms.ModelForm):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations involved"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Each one listed in the directory is linked to its profile."),
    )
    image = forms.FileField(label=_("Image"), required=False)

    class Meta:
        model = SuccessStory
        fields = list(STORY_FIELDS)
        widgets = {
            "body_fr": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"body_fr": MARKDOWN_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = _organizations()
        self.fields["organizations"].widget.attrs["size"] = 10
        if self.instance.pk:
            self.fields["organizations"].initial = list(
                self.instance.organizations.values_list("pk", flat=True)
            )
        image_field_setup(self.fields["image"], max_bytes=STORY_IMAGE_MAX_BYTES)

    def clean_image(self):
        return image_upload_clean(self.cleaned_data.get("image"), story_image_check)
