"""Forms of the working groups: staff's edit of a group and of a member's role, and the
documents members share."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.markup import MARKDOWN_HELP
from core.uploads import UploadTypeValidator
from members.models import WorkingGroup, WorkingGroupMember
from members.services.groups import (
    GROUP_DOCUMENT_EXTENSIONS,
    GROUP_DOCUMENT_MAX_BYTES,
    RESERVED_GROUP_SLUGS,
)


class WorkingGroupForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=150)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=160,
        required=False,
        help_text=_("Leave empty to make it from the French name."),
    )
    description_fr = forms.CharField(
        label=_("Description (French)"),
        widget=forms.Textarea,
        required=False,
        help_text=MARKDOWN_HELP,
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=WorkingGroup.Status.choices, initial=WorkingGroup.Status.ACTIVE
    )

    def __init__(self, *args, group: WorkingGroup | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = WorkingGroup.objects.filter(slug=slug)
        if self.group is not None:
            taken = taken.exclude(pk=self.group.pk)
        if slug in RESERVED_GROUP_SLUGS or (slug and taken.exists()):
            raise ValidationError(_("Another working group already uses this address."))
        return slug


class GroupDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), validators=[UploadTypeValidator(GROUP_DOCUMENT_EXTENSIONS)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, not at import: the sizes and words follow the request's language.
        self.fields["file"].help_text = gettext("At most %(size)s. Accepted: %(extensions)s.") % {
            "size": filesizeformat(GROUP_DOCUMENT_MAX_BYTES),
            "extensions": ", ".join(GROUP_DOCUMENT_EXTENSIONS),
        }

    def clean_file(self):
        # Its type, by name and content, was checked by the field's validator.
        upload = self.cleaned_data["file"]
        if upload.size > GROUP_DOCUMENT_MAX_BYTES:
            raise ValidationError(
                _("This file weighs %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(GROUP_DOCUMENT_MAX_BYTES),
                }
            )
        return upload


class GroupRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=WorkingGroupMember.Role.choices)
