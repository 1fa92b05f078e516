"""News, the press room and its downloads, and the media coverage log."""

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from communications.models import (
    DownloadRequest,
    MediaCoverage,
    NewsArticle,
    PressAsset,
    PressRelease,
    Subscriber,
)
from communications.models.content import PRESS_ASSET_EXTENSIONS
from communications.selectors.subscriptions import email_normalise
from communications.services.subscriptions import subscriber_for_update, subscription_request
from core.images import image_check, image_fit_webp
from core.uploads import UploadTypeValidator

NEWS_IMAGE_MAX_BYTES = 5 * 1024 * 1024
NEWS_IMAGE_BOX = (1600, 1600)
PRESS_FILE_MAX_BYTES = 20 * 1024 * 1024
# Version of the wording of the gated download form's consent, kept with each lead.
DOWNLOAD_CONSENT_TEXT_VERSION = "download-2026-1"
# A download link works for a day: long enough to come back to, short enough that a link
# forwarded around does not publish a gated document for good.
DOWNLOAD_LINK_MAX_AGE = 24 * 3600
_DOWNLOAD_SALT = "communications.press-download"


class UploadError(ValueError):
    """The uploaded file is not one we accept; the message is for the user."""


def _unique_slug(instance: Model, source: str) -> str:
    """A slug from `source`, suffixed -2, -3… while another row of the model has it."""
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length
    base = slugify(source)[: max_length - 4].strip("-") or "item"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _random_name(stem: str, extension: str) -> str:
    # The media folder is public: an unguessable name keeps a gated file out of reach of
    # anyone who has not been given the link by the press room.
    return f"{slugify(stem)[:60] or 'file'}-{secrets.token_urlsafe(12)}{extension.lower()}"


# Uploads.


def news_image_check(upload: UploadedFile) -> None:
    """Raise ImageError unless `upload` is a PNG, JPEG or WebP image of a sane size. The
    content decides, not the file name."""
    image_check(
        upload,
        max_bytes=NEWS_IMAGE_MAX_BYTES,
        format_message=_("Send the image as a PNG, JPEG or WebP file."),
    )


def pdf_check(upload: UploadedFile) -> None:
    """Raise UploadError unless `upload` is a PDF (by its first bytes) of a sane size."""
    _size_check(upload)
    _content_check(upload, ["pdf"])


def press_file_check(upload: UploadedFile) -> None:
    """Raise UploadError unless `upload` has an accepted extension, content of that kind
    (a file named .pdf must really be one) and a sane size."""
    _size_check(upload)
    _content_check(upload, PRESS_ASSET_EXTENSIONS)


def _content_check(upload: UploadedFile, extensions) -> None:
    try:
        UploadTypeValidator(extensions)(upload)
    except ValidationError as error:
        raise UploadError(error.messages[0]) from None


def _size_check(upload: UploadedFile) -> None:
    if upload.size > PRESS_FILE_MAX_BYTES:
        raise UploadError(
            _("This file weighs %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(PRESS_FILE_MAX_BYTES)}
        )


# News.


@transaction.atomic
def news_article_save(
    *, article: NewsArticle, data: dict, image: UploadedFile | None = None, user=None
) -> NewsArticle:
    """Create or update an article; `image` (already checked) replaces the current one."""
    for field, value in data.items():
        setattr(article, field, value)
    if not article.slug:
        article.slug = _unique_slug(article, article.title_fr)
    if article.pk is None and user is not None:
        article.created_by = user
    if image is not None:
        article.image.save(
            _random_name(article.slug, ".webp"),
            image_fit_webp(image, box=NEWS_IMAGE_BOX, quality=85),
            save=False,
        )
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def news_article_publish(*, article: NewsArticle, published: bool) -> NewsArticle:
    """Publish (dated now unless a date was set in the future) or withdraw an article."""
    if published and not article.is_published and article.published_at <= timezone.now():
        article.published_at = timezone.now()
    article.is_published = published
    article.save(update_fields=["is_published", "published_at"])
    return article


@transaction.atomic
def news_article_delete(*, article: NewsArticle) -> None:
    article.image.delete(save=False)
    article.delete()


# Press releases, downloads and coverage.


@transaction.atomic
def press_release_save(
    *, release: PressRelease, data: dict, pdf: UploadedFile | None = None
) -> PressRelease:
    for field, value in data.items():
        setattr(release, field, value)
    if not release.slug:
        release.slug = _unique_slug(release, release.title_fr)
    if pdf is not None:
        release.pdf.save(_random_name(release.slug, ".pdf"), pdf, save=False)
    release.full_clean()
    release.save()
    return release


@transaction.atomic
def press_release_delete(*, release: PressRelease) -> None:
    release.pdf.delete(save=False)
    release.delete()


@transaction.atomic
def press_asset_save(
    *, asset: PressAsset, data: dict, upload: UploadedFile | None = None
) -> PressAsset:
    for field, value in data.items():
        setattr(asset, field, value)
    if not asset.slug:
        asset.slug = _unique_slug(asset, asset.title_fr)
    if upload is not None:
        extension = PurePath(upload.name or "").suffix
        asset.file.save(_random_name(asset.slug, extension), upload, save=False)
    asset.full_clean()
    asset.save()
    return asset


@transaction.atomic
def press_asset_delete(*, asset: PressAsset) -> None:
    asset.file.delete(save=False)
    asset.delete()


@transaction.atomic
def media_coverage_save(*, coverage: MediaCoverage, data: dict) -> MediaCoverage:
    for field, value in data.items():
        setattr(coverage, field, value)
    coverage.full_clean()
    coverage.save()
    return coverage


@transaction.atomic
def media_coverage_delete(*, coverage: MediaCoverage) -> None:
    coverage.delete()


# Gated downloads.


@dataclass(frozen=True)
class DownloadOutcome:
    request: DownloadRequest
    # A confirmation email is on its way (the person asked for the newsletter).
    subscription_requested: bool


@transaction.atomic
def download_request_record(
    *,
    asset: PressAsset,
    email: str,
    first_name: str,
    last_name: str,
    organization_name: str,
    language: str,
    subscribe: bool,
) -> DownloadOutcome:
    """Record who downloads a gated asset, in the address book of subscribers.

    Asking for the newsletter goes through the double opt-in, even for an address that
    unsubscribed or was written down as a lead. Otherwise a new address becomes a lead and
    an existing one keeps its status: a download never subscribes anyone, nor turns an
    unsubscribed or bounced address into something the cluster may write to."""
    email = email_normalise(email)
    if subscribe:
        subscriber = subscription_request(
            email=email,
            first_name=first_name,
            last_name=last_name,
            organization_name=organization_name,
            language=language,
            source=Subscriber.Source.GATED_DOWNLOAD,
            consent_text_version=DOWNLOAD_CONSENT_TEXT_VERSION,
        )
    else:
        subscriber = subscriber_for_update(email)
        if subscriber is None:
            subscriber = Subscriber.objects.create(
                email=email,
                first_name=first_name,
                last_name=last_name,
                organization_name=organization_name,
                language=language,
                status=Subscriber.Status.LEAD,
                source=Subscriber.Source.GATED_DOWNLOAD,
                consent_text_version=DOWNLOAD_CONSENT_TEXT_VERSION,
            )
        else:
            # Fill in what the address book did not know; never overwrite what it did.
            changed = []
            for field, value in (
                ("first_name", first_name),
                ("last_name", last_name),
                ("organization_name", organization_name),
            ):
                if value and not getattr(subscriber, field):
                    setattr(subscriber, field, value)
                    changed.append(field)
            if changed:
                subscriber.save(update_fields=changed)
    request = DownloadRequest.objects.create(subscriber=subscriber, asset=asset)
    return DownloadOutcome(request=request, subscription_requested=subscribe)


def download_token_make(*, download_request: DownloadRequest) -> str:
    return signing.dumps(
        {"asset": download_request.asset_id, "request": download_request.pk},
        salt=_DOWNLOAD_SALT,
        compress=True,
    )


def download_token_valid(*, token: str, asset: PressAsset) -> bool:
    """Whether `token` was made for `asset` within the last DOWNLOAD_LINK_MAX_AGE seconds."""
    try:
        payload = signing.loads(token, salt=_DOWNLOAD_SALT, max_age=DOWNLOAD_LINK_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(payload, dict) and payload.get("asset") == asset.pk
