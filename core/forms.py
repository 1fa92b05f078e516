from collections.abc import Callable

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.images import ImageError
from core.models import AnimatorPreferences

# What an image field lets the browser's file picker offer (core.images.IMAGE_FORMATS).
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


def image_field_setup(field: forms.Field, *, max_bytes: int) -> None:
    """An image field's help (the formats and the size limit its check applies) and the
    browser's file filter; every form with a picture calls it with its check's limit."""
    field.help_text = gettext("PNG, JPEG or WebP, at most %(size)s.") % {
        "size": filesizeformat(max_bytes)
    }
    field.widget.attrs["accept"] = IMAGE_ACCEPT


def image_upload_clean(
    upload: UploadedFile | None, check: Callable[[UploadedFile], None]
) -> UploadedFile | None:
    """A form's `clean_<image>`: nothing sent gives None; `check` (a service's, raising
    core.images.ImageError) becomes the message next to the field."""
    if not upload:
        return None
    try:
        check(upload)
    except ImageError as error:
        raise forms.ValidationError(str(error)) from error
    return upload


class AnimatorPreferencesForm(forms.ModelForm):
    class Meta:
        model = AnimatorPreferences
        fields = ["email_new_applications", "email_guest_registrations"]


class StatusFilterForm(forms.Form):
    """The filter of a staff list whose rows are narrowed by their status alone. A status
    that is not one of `choices` (a stale bookmark) filters nothing."""

    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, choices, all_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", all_label or _("All")), *choices]

    def filters(self) -> dict:
        self.is_valid()
        return {"status": self.cleaned_data.get("status") or ""}


class ListFilterForm(forms.Form):
    """The filters above a staff list: a search box `q` and choices. `filters()` gives each
    field's value ("query" for `q`), "" for one left empty or invalid (a stale bookmark
    filters nothing rather than failing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "q" in self.fields:
            self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        self.is_valid()
        return {
            "query" if name == "q" else name: self.cleaned_data.get(name) or ""
            for name in self.fields
        }
