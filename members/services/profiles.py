"""The organization's self-service: its profile (with the logo), and its people's portal
roles. An organization always keeps at least one admin."""

import logging
import secrets

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.images import image_check, image_fit_webp
from members.models import Affiliation, Organization
from members.services.directory import (
    directory_cache_invalidate,
    organization_search_refresh,
)

logger = logging.getLogger(__name__)

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_BOX = (400, 400)

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


class LastAdminError(Exception):
    """The change would leave the organization without any admin."""


def logo_check(upload: UploadedFile) -> None:
    """Raise ImageError unless `upload` is a PNG, JPEG or WebP image of a sane size. The
    content decides, not the file name: a text file renamed logo.png is refused."""
    image_check(
        upload,
        max_bytes=LOGO_MAX_BYTES,
        format_message=_("Send the logo as a PNG, JPEG or WebP image."),
    )


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
        organization.logo.save(name, image_fit_webp(logo, box=LOGO_BOX, quality=88), save=False)
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
    directory_cache_invalidate()
