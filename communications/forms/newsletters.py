from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from communications.models import Newsletter
from communications.selectors.audiences import AUDIENCE_LIST_KEYS, audience_is_empty
from communications.services.newsletters import NEWSLETTER_EDITABLE_FIELDS
from core.markup import MARKDOWN_HELP
from core.widgets import DateTimeInput
from members.models import Affiliation, Organization, WorkingGroup
from members.models.organizations import Region, Segment


class NewsletterForm(forms.ModelForm):
    audience_subscribers = forms.BooleanField(label=_("Confirmed subscribers"), required=False)
    audience_members = forms.BooleanField(
        label=_("Contacts of member organizations"), required=False
    )
    audience_groups = forms.MultipleChoiceField(
        label=_("Members of these working groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_positions = forms.MultipleChoiceField(
        label=_("Contacts in these job roles"), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_segments = forms.MultipleChoiceField(
        label=_("Contacts of organizations in these perception segments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_kinds = forms.MultipleChoiceField(
        label=_("Contacts of organizations of these kinds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_regions = forms.MultipleChoiceField(
        label=_("Contacts of organizations in these regions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Newsletter
        fields = NEWSLETTER_EDITABLE_FIELDS
        help_texts = {
            "body_fr": MARKDOWN_HELP,
            "body_en": _("Optional; English readers get the French text when it is empty."),
            "slug": _("Left empty, made from the French subject."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["audience_groups"].choices = [
            (str(group.pk), group.name) for group in WorkingGroup.objects.order_by("name_fr")
        ]
        self.fields["audience_positions"].choices = Affiliation.Position.choices
        self.fields["audience_segments"].choices = Segment.choices
        self.fields["audience_kinds"].choices = Organization.Kind.choices
        self.fields["audience_regions"].choices = Region.choices
        audience = self.instance.audience or {"subscribers": True}
        self.initial.setdefault("audience_subscribers", bool(audience.get("subscribers")))
        self.initial.setdefault("audience_members", bool(audience.get("members")))
        for key in AUDIENCE_LIST_KEYS:
            self.initial.setdefault(f"audience_{key}", [str(v) for v in audience.get(key, [])])

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("subject_fr", ""))
        # "archive" is a page of its own at the same level as the web versions.
        if slug == "archive":
            slug = "archive-1"
        if not slug:
            return slug
        taken = Newsletter.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
        if taken and self.cleaned_data.get("slug"):
            raise forms.ValidationError(_("Another newsletter already has this web address."))
        if taken:
            slug = f"{slug}-{timezone.localdate():%Y%m%d}"
            if Newsletter.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("Choose a web address: this one is taken."))
        return slug

    def clean(self):
        cleaned = super().clean()
        audience = {
            "subscribers": cleaned.get("audience_subscribers", False),
            "members": cleaned.get("audience_members", False),
            "groups": [int(pk) for pk in cleaned.get("audience_groups", [])],
            "positions": cleaned.get("audience_positions", []),
            "segments": cleaned.get("audience_segments", []),
            "kinds": cleaned.get("audience_kinds", []),
            "regions": cleaned.get("audience_regions", []),
        }
        cleaned["audience"] = {key: value for key, value in audience.items() if value}
        if audience_is_empty(cleaned["audience"]):
            self.add_error("audience_subscribers", _("Choose at least one audience."))
        if not cleaned.get("slug") and "slug" not in self.errors:
            self.add_error("slug", _("Choose a web address."))
        return cleaned


class TestSendForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Left empty: send now."),
    )

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty."))
        return value
