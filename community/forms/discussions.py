"""Forms of the working groups' discussions: they validate, the services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import MessageReport, NotificationPreference
from community.models.discussions import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES
from core.forms import ListFilterForm
from core.uploads import UploadTypeValidator

MARKDOWN_HELP = _("Markdown: **bold**, lists with -, links [text](https://…), > to quote.")


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=MARKDOWN_HELP,
    )
    attachment = forms.FileField(
        label=_("Attached document"),
        required=False,
        validators=[UploadTypeValidator(ATTACHMENT_EXTENSIONS)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the size and words follow the request's language.
        self.fields["attachment"].help_text = gettext(
            "Optional. At most %(size)s. Accepted: %(extensions)s."
        ) % {
            "size": filesizeformat(ATTACHMENT_MAX_BYTES),
            "extensions": ", ".join(ATTACHMENT_EXTENSIONS),
        }

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(gettext("Write a message before sending it."))
        return body

    def clean_attachment(self):
        # Its type, by name and content, was checked by the field's validator.
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                gettext("This file weighs %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(ATTACHMENT_MAX_BYTES),
                }
            )
        return upload


class ThreadForm(MessageForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", "body", "attachment"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(gettext("Give the thread a title."))
        return title


class ThreadSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the discussions"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (seen by the moderators only)"), max_length=300, required=False
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the moderators look at this message?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Emails about this group's discussions"),
        choices=NotificationPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )


class ReportFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *MessageReport.Status.choices],
    )


class ReportResolveForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("dismiss", "dismiss")], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300, required=False)
