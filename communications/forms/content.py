"""Forms of news, the press room and the media coverage log."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from communications.models import MediaCoverage, NewsArticle, PressAsset, PressRelease
from communications.services.content import (
    NEWS_IMAGE_MAX_BYTES,
    PRESS_ASSET_EXTENSIONS,
    PRESS_FILE_MAX_BYTES,
    UploadError,
    news_image_check,
    pdf_check,
    press_file_check,
)
from core.forms import ListFilterForm, image_field_setup, image_upload_clean
from core.markup import MARKDOWN_HELP
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator
from core.widgets import DateInput, DateTimeInput

_SLUG_HELP = _("The end of the page's address. Left empty, it is made from the French title.")


def _slug_taken(model, slug: str, instance) -> bool:
    return model.objects.filter(slug=slug).exclude(pk=instance.pk).exists()


class _SlugMixin:
    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and _slug_taken(self._meta.model, slug, self.instance):
            raise forms.ValidationError(_("Another page already has this address."))
        return slug


class NewsArticleForm(_SlugMixin, forms.ModelForm):
    slug = forms.SlugField(label=_("Web address"), required=False, help_text=_SLUG_HELP)
    # A plain file field: the service re-encodes the image, the model field only stores it.
    image = forms.FileField(
        label=_("Image"),
        required=False,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )
    published_at = forms.DateTimeField(
        label=_("Publication date"),
        widget=DateTimeInput(),
        help_text=_("A date in the future publishes the article then."),
    )

    class Meta:
        model = NewsArticle
        fields = [
            "title_fr",
            "summary_fr",
            "body_fr",
            "title_en",
            "summary_en",
            "body_en",
            "slug",
            "published_at",
            "is_published",
        ]
        help_texts = {
            "body_fr": _("Markdown: **bold**, *italics*, [link](https://…), lists, headings."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        image_field_setup(self.fields["image"], max_bytes=NEWS_IMAGE_MAX_BYTES)

    def clean_image(self):
        return image_upload_clean(self.cleaned_data.get("image"), news_image_check)


class PressReleaseForm(_SlugMixin, forms.ModelForm):
    slug = forms.SlugField(label=_("Web address"), required=False, help_text=_SLUG_HELP)
    pdf = forms.FileField(
        label=_("PDF version"), required=False, validators=[UploadTypeValidator(["pdf"])]
    )

    class Meta:
        model = PressRelease
        fields = [
            "title_fr",
            "body_fr",
            "title_en",
            "body_en",
            "slug",
            "published_on",
            "is_published",
        ]
        widgets = {"published_on": DateInput()}
        help_texts = {"body_fr": _("Markdown.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"].help_text = gettext("A PDF file, at most %(size)s.") % {
            "size": filesizeformat(PRESS_FILE_MAX_BYTES)
        }
        self.fields["pdf"].widget.attrs["accept"] = "application/pdf"

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        try:
            pdf_check(upload)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class PressAssetForm(_SlugMixin, forms.ModelForm):
    slug = forms.SlugField(label=_("Web address"), required=False, help_text=_SLUG_HELP)
    upload = forms.FileField(
        label=_("File"),
        required=False,
        validators=[UploadTypeValidator(PRESS_ASSET_EXTENSIONS)],
    )

    class Meta:
        model = PressAsset
        fields = ["kind", "title_fr", "title_en", "slug", "is_gated", "is_published"]
        help_texts = {
            "is_gated": _(
                "Visitors leave their name, email and organization before they download."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = not self.instance.file
        self.fields["upload"].help_text = gettext("%(extensions)s, at most %(size)s.") % {
            "extensions": ", ".join(PRESS_ASSET_EXTENSIONS),
            "size": filesizeformat(PRESS_FILE_MAX_BYTES),
        }

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        try:
            press_file_check(upload)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class MediaCoverageForm(forms.ModelForm):
    class Meta:
        model = MediaCoverage
        fields = ["published_on", "outlet", "title", "url", "audience", "notes"]
        widgets = {
            "published_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "audience": _("Readers, listeners or viewers, as the outlet states it."),
            "notes": MARKDOWN_HELP,
        }


class CoverageFilterForm(forms.Form):
    q = forms.CharField(label=_("Search outlet or title"), required=False, max_length=100)
    year = forms.IntegerField(label=pgettext_lazy("filter", "Year"), required=False, min_value=1900)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        self.is_valid()
        return {"query": self.cleaned_data.get("q") or "", "year": self.cleaned_data.get("year")}


class NewsFilterForm(ListFilterForm):
    STATUS_CHOICES = [
        ("", _("All")),
        ("published", _("Published")),
        ("draft", _("Not published")),
    ]
    q = forms.CharField(label=_("Search the titles"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)


class DownloadRequestForm(forms.Form):
    """What a gated download asks. The consent is required: the address book keeps the
    person's details only because they agreed to be contacted about the request."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    organization_name = forms.CharField(label=_("Organization"), max_length=200)
    consent = forms.BooleanField(
        label=_(
            "I agree that the cluster keeps these details and may contact me about this document."
        ),
    )
    subscribe = forms.BooleanField(
        label=_("Also subscribe me to the newsletter (you will receive an email to confirm)."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organization_name"].widget.attrs["autocomplete"] = "organization"
