"""Forms of member news: the company's submission, the moderator's note, the staff list's
filters, and featuring an article on the home page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communications.models import NewsArticle
from communications.services.content import NEWS_IMAGE_MAX_BYTES, news_image_check
from communications.services.member_news import MEMBER_FIELDS
from core.forms import ListFilterForm, image_field_setup, image_upload_clean
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator
from core.widgets import DateInput


class MemberNewsForm(forms.ModelForm):
    """A company's news, French first. With several organizations to speak for, the admin
    says which one it is about."""

    organization = forms.TypedChoiceField(label=_("Company"), coerce=int)
    # A plain file field: the service re-encodes the image, the model field only stores it.
    image = forms.FileField(
        label=_("Image"),
        required=False,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )

    class Meta:
        model = NewsArticle
        fields = list(MEMBER_FIELDS)
        labels = {"kind": pgettext_lazy("member news", "Kind of news")}
        help_texts = {
            "summary_fr": _("Two or three sentences, shown in the lists of news."),
            "body_fr": _("Markdown: **bold**, *italics*, [link](https://…), lists."),
            "title_en": _("Optional: without it, English readers see the French text."),
            "link": _("A page of your website about it, if any."),
        }
        widgets = {
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = True
        self.fields["kind"].choices = NewsArticle.Kind.choices
        self.fields["summary_fr"].required = True
        image_field_setup(self.fields["image"], max_bytes=NEWS_IMAGE_MAX_BYTES)
        if self.instance.pk or len(organizations) < 2:
            # One organization, or news already submitted: nothing to choose.
            del self.fields["organization"]
        else:
            self.fields["organization"].choices = [(org.pk, org.name) for org in organizations]
            self.order_fields(["organization"])

    def clean_title_fr(self):
        title = self.cleaned_data["title_fr"].strip()
        if not title:
            raise forms.ValidationError(_("Give the news a title in French."))
        return title

    def clean_image(self):
        return image_upload_clean(self.cleaned_data.get("image"), news_image_check)


class MemberNewsStaffForm(MemberNewsForm):
    """Staff correct a submission before approving it: the same fields."""


class MemberNewsRejectForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the company"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why it is not published, and what to change: the submitter receives it."),
    )


class MemberNewsFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *[(value, label) for value, label in NewsArticle.Moderation.choices if value],
        ],
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("member news", "Kind of news"),
        required=False,
        choices=[("", _("All kinds")), *NewsArticle.Kind.choices],
    )


class NewsFeatureForm(forms.Form):
    """Put an article on the home page, until a date or until taken off."""

    until = forms.DateField(
        label=_("Featured until (included)"),
        required=False,
        widget=DateInput(),
        help_text=_("Left empty, it stays on the home page until you take it off."),
    )

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until and until < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return until
