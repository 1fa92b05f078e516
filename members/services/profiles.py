"""The organization's self-service: its profile (with the logo), and its people's portal
roles. An organization always keeps at least one admin."""

import logging
import secrets
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from members.models import Affiliation, Organization
from members.services.directory import (
    directory_cache_invalidate,
    organization_search_refresh,
)

logger = logging.getLogger(__name__)

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
LOGO_BOX = (400, 400)
# A small file can still decode to a huge bitmap (a "decompression bomb"): refuse it before
# Pillow allocates the memory.
LOGO_MAX_PIXELS = 40_000_000

# The profile's plain fields, copied as they are from the form's data.
PROFILE_FIELDS = (
    "description_fr",
    "description_en",
    "offer_fr",
    "offer_en",
    "website",
    "linkedin_url",
    "x_url",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "headcount_band",
    "founded_year",
    "keywords",
)


class LogoError(ValueError):
    """The uploaded logo is not an image we accept; the message is for the user."""


class LastAdminError(Exception):
    """The change would leave the organization without any admin."""


def logo_check(upload: UploadedFile) -> None:
    """Raise LogoError unless `upload` is a PNG, JPEG or WebP image of a sane size. The
    content decides, not the file name: a text file renamed logo.png is refused."""
    if upload.size > LOGO_MAX_BYTES:
        raise LogoError(
            _("This image weighs %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(LOGO_MAX_BYTES)}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoError(_("This file is not an image, or it is damaged.")) from None
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise LogoError(_("Send the logo as a PNG, JPEG or WebP image."))
    if width * height > LOGO_MAX_PIXELS:
        raise LogoError(_("This image has too many pixels; send a smaller one."))


def logo_normalise(upload: UploadedFile) -> ContentFile:
    """The logo, turned upright, fitted into 400 × 400 with its proportions kept, as WebP.
    Re-encoding also drops whatever metadata the original carried."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        buffer = BytesIO()
        image.save(buffer, format="WEBP", quality=88, method=4)
    return ContentFile(buffer.getvalue())


def _delete_file_later(name: str) -> None:
    """Delete a replaced file once the new one is committed, never before."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def organization_profile_update(
    *, organization: Organization, data: dict, logo: UploadedFile | None, updated_by
) -> Organization:
    """Save what the organization says about itself.

    `data` holds the PROFILE_FIELDS, `sectors` and `competences` (iterables of terms),
    `visibility` ({field: level} over Organization.VISIBILITY_DEFAULTS), `directory_consent`
    and `remove_logo` (booleans). `logo`, when given, passed `logo_check`.
    """
    for field in PROFILE_FIELDS:
        setattr(organization, field, data[field])
    organization.visibility = {
        key: data["visibility"].get(key, organization.visibility_of(key))
        for key in Organization.VISIBILITY_DEFAULTS
    }
    if data["directory_consent"]:
        # The date is when consent was first given; saving the form again keeps it.
        organization.directory_consent_at = organization.directory_consent_at or timezone.now()
    else:
        organization.directory_consent_at = None
    old_logo = organization.logo.name
    if logo is not None:
        name = f"{organization.slug}-{secrets.token_hex(4)}.webp"
        organization.logo.save(name, logo_normalise(logo), save=False)
        _delete_file_later(old_logo)
    elif data.get("remove_logo") and old_logo:
        organization.logo = ""
        _delete_file_later(old_logo)
    organization.save()
    organization.sectors.set(data["sectors"])
    organization.competences.set(data["competences"])
    # The directory searches a copy of the text; consent changes also empty its page cache.
    organization_search_refresh(organization=organization)
    logger.info(
        "organization %s profile updated by user %s",
        organization.pk,
        getattr(updated_by, "pk", None),
    )
    return organization


def _lock_admins(organization: Organization) -> list[Affiliation]:
    """The organization's admin affiliations, locked so two admins demoting each other at
    the same moment cannot both succeed."""
    return list(
        Affiliation.objects.select_for_update()
        .filter(organization=organization, access=Affiliation.Access.ADMIN)
        .order_by("pk")
    )


@transaction.atomic
def affiliation_access_set(*, affiliation: Affiliation, access: str, changed_by) -> Affiliation:
    """Make a contact an admin of the organization or a plain contact."""
    admins = _lock_admins(affiliation.organization)
    if access != Affiliation.Access.ADMIN and [admin.pk for admin in admins] == [affiliation.pk]:
        raise LastAdminError
    affiliation.access = access
    affiliation.save(update_fields=["access"])
    logger.info(
        "affiliation %s access set to %s by user %s",
        affiliation.pk,
        access,
        getattr(changed_by, "pk", None),
    )
    return affiliation


@transaction.atomic
def affiliation_detach(*, affiliation: Affiliation, detached_by) -> None:
    """Remove a contact from the organization. The person and their history stay; they
    lose access to this organization's member space."""
    admins = _lock_admins(affiliation.organization)
    if [admin.pk for admin in admins] == [affiliation.pk]:
        raise LastAdminError
    logger.info(
        "contact %s detached from organization %s by user %s",
        affiliation.contact_id,
        affiliation.organization_id,
        getattr(detached_by, "pk", None),
    )
    affiliation.delete()
    # The person may be named on the organization's cached directory profile.
    transaction.on_commit(directory_cache_invalidate)
