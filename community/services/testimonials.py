"""Testimonials and success stories: recording them, the consent to publish and its
withdrawal, publishing, and the email that tells a person their testimonial is online.

Publishing needs a consent in force; a withdrawal (by staff, by the person through the
link of that email or from their member space, or by erasure) closes the consent and takes
the testimonial down in the same transaction. The stored public pages follow through
community/pages.py (every save of these rows changes the "testimonials" topic)."""

import datetime
import secrets

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from collaboration.services.slugs import slug_free
from community.models import SuccessStory, Testimonial, TestimonialConsent
from community.models.testimonials import ANONYMOUS_NAME
from core.email import email_send_once, page_address
from core.images import image_check, image_fit_webp
from core.links import link_issue, link_objects, links_revoke
from core.outbox import task_enqueue

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_BOX = (600, 600)
STORY_IMAGE_MAX_BYTES = 5 * 1024 * 1024
STORY_IMAGE_BOX = (1600, 1600)
# The person may take their word back for as long as the testimonial may be online.
WITHDRAWAL_LINK_PURPOSE = "testimonial-consent"
WITHDRAWAL_LINK_DAYS = 3 * 365

TESTIMONIAL_FIELDS = (
    "quote_fr",
    "quote_en",
    "person_name",
    "role",
    "organization",
    "company_name",
    "contact",
    "email",
    "language",
)
STORY_FIELDS = ("kind", "title_fr", "title_en", "body_fr", "body_en", "project")


class NoConsentError(Exception):
    """Publishing a testimonial without a consent in force."""


class ConsentInForceError(Exception):
    """A new consent while one is still in force."""


def _photo_name(stem: str) -> str:
    # Public folder: an unguessable name keeps unpublished photos out of reach of guesses.
    return f"{slugify(stem)[:40] or 'photo'}-{secrets.token_urlsafe(9)}.webp"


def photo_check(upload: UploadedFile) -> None:
    """Raise core.images.ImageError unless `upload` is a PNG, JPEG or WebP of a sane size."""
    image_check(
        upload,
        max_bytes=PHOTO_MAX_BYTES,
        format_message=_("Send the photo as a PNG, JPEG or WebP file."),
    )


def story_image_check(upload: UploadedFile) -> None:
    image_check(
        upload,
        max_bytes=STORY_IMAGE_MAX_BYTES,
        format_message=_("Send the image as a PNG, JPEG or WebP file."),
    )


# Testimonials.


def _photo_delete_on_commit(testimonial: Testimonial) -> None:
    """Clear the photo field now; delete the file once the change is committed (a rolled
    back withdrawal keeps a photo that still exists)."""
    storage, name = testimonial.photo.storage, testimonial.photo.name
    testimonial.photo = ""
    transaction.on_commit(lambda: storage.delete(name))


def consent_in_force(testimonial: Testimonial) -> TestimonialConsent | None:
    return testimonial.consents.filter(withdrawn_at__isnull=True).first()


@transaction.atomic
def testimonial_save(
    *, testimonial: Testimonial, data: dict, photo: UploadedFile | None = None, user=None
) -> Testimonial:
    """Create or update a testimonial; `photo` (already checked) replaces the current one,
    re-encoded as WebP. The consent covers the words the person agreed to: a changed quote
    ends the consent in force and takes the testimonial down until the person agrees to the
    new wording (staff record a new consent, and publishing tells the person again)."""
    quote_before = None
    if testimonial.pk is not None:
        locked = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
        quote_before = (locked.quote_fr, locked.quote_en)
    for field in TESTIMONIAL_FIELDS:
        if field in data:
            setattr(testimonial, field, data[field])
    if testimonial.contact_id and not testimonial.email:
        testimonial.email = testimonial.contact.email
    if testimonial.pk is None:
        testimonial.created_by = user
    if photo is not None:
        if testimonial.photo:
            _photo_delete_on_commit(testimonial)
        testimonial.photo.save(
            _photo_name(testimonial.person_name),
            image_fit_webp(photo, box=PHOTO_BOX, quality=85),
            save=False,
        )
    testimonial.full_clean()
    testimonial.save()
    if quote_before is not None and quote_before != (testimonial.quote_fr, testimonial.quote_en):
        testimonial_consent_withdraw(
            testimonial=testimonial,
            method=TestimonialConsent.WithdrawalMethod.QUOTE_CHANGED,
            user=user,
        )
        testimonial.refresh_from_db()
    return testimonial


@transaction.atomic
def testimonial_consent_record(
    *,
    testimonial: Testimonial,
    method: str,
    given_on: datetime.date,
    text_version: str,
    user,
) -> TestimonialConsent:
    """Record the person's consent to publish (a new one after a withdrawal)."""
    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if testimonial.anonymised_at is not None or consent_in_force(testimonial) is not None:
        raise ConsentInForceError
    return TestimonialConsent.objects.create(
        testimonial=testimonial,
        method=method,
        given_on=given_on,
        text_version=text_version.strip(),
        recorded_by=user,
    )


@transaction.atomic
def testimonial_publish(*, testimonial: Testimonial) -> Testimonial:
    """Put the testimonial online; refused (NoConsentError) without a consent in force.
    The person is told by email, with a link to withdraw, once per consent."""
    from community.tasks import testimonial_published_send

    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if testimonial.anonymised_at is not None or consent_in_force(testimonial) is None:
        raise NoConsentError
    if testimonial.published_at is None:
        testimonial.published_at = timezone.now()
        testimonial.save(update_fields=["published_at", "updated_at"])
        if testimonial.email:
            task_enqueue(testimonial_published_send, testimonial.pk)
    return testimonial


@transaction.atomic
def testimonial_unpublish(*, testimonial: Testimonial) -> Testimonial:
    """Take the testimonial down; its consent stays in force."""
    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if testimonial.published_at is not None:
        testimonial.published_at = None
        testimonial.save(update_fields=["published_at", "updated_at"])
    return testimonial


@transaction.atomic
def testimonial_consent_withdraw(
    *, testimonial: Testimonial, method: str, user=None, when: datetime.datetime | None = None
) -> bool:
    """Record the withdrawal of the consent in force and take the testimonial down at once.
    Returns False when no consent was in force (withdrawn already: nothing changes).

    A withdrawal by the person also deletes the photo: it sits in public storage, under an
    address that was on the website, and nothing allows keeping it any more. A consent that
    ends because staff changed the quote keeps it, for the person's new consent."""
    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    consent = consent_in_force(testimonial)
    if testimonial.published_at is not None:
        testimonial.published_at = None
        testimonial.save(update_fields=["published_at", "updated_at"])
    if consent is None:
        return False
    if testimonial.photo and method != TestimonialConsent.WithdrawalMethod.QUOTE_CHANGED:
        _photo_delete_on_commit(testimonial)
        testimonial.save(update_fields=["photo", "updated_at"])
    consent.withdrawn_at = when or timezone.now()
    consent.withdrawal_method = method
    consent.withdrawal_recorded_by = user
    consent.save(update_fields=["withdrawn_at", "withdrawal_method", "withdrawal_recorded_by"])
    # The emailed links did their job: none may act on a later consent.
    links_revoke(target=testimonial, purpose=WITHDRAWAL_LINK_PURPOSE)
    return True


def testimonial_for_link(*, token: str) -> Testimonial | None:
    """The testimonial a live withdrawal link opens, or None."""
    return (
        link_objects(
            purpose=WITHDRAWAL_LINK_PURPOSE, token=token, queryset=Testimonial.objects.all()
        )
        .select_related("organization")
        .first()
    )


def testimonial_withdraw_by_link(*, token: str) -> Testimonial | None:
    """The person's own withdrawal through the link of their email. None for a link that
    is unknown or expired (or already used: withdrawing revokes it)."""
    testimonial = testimonial_for_link(token=token)
    if testimonial is None:
        return None
    testimonial_consent_withdraw(
        testimonial=testimonial, method=TestimonialConsent.WithdrawalMethod.PERSONAL_LINK
    )
    return testimonial


def testimonial_published_send(*, testimonial: Testimonial) -> bool:
    """Tell the person their testimonial is online, with a link to withdraw their consent;
    once per consent, in their language."""
    consent = consent_in_force(testimonial)
    if testimonial.published_at is None or consent is None or not testimonial.email:
        return False
    language = (
        testimonial.contact.preferred_language
        if testimonial.contact_id and testimonial.contact.preferred_language
        else testimonial.language
    )

    def context() -> dict:
        token = link_issue(
            target=testimonial,
            purpose=WITHDRAWAL_LINK_PURPOSE,
            expires_at=timezone.now() + datetime.timedelta(days=WITHDRAWAL_LINK_DAYS),
        )
        return {
            "person_name": testimonial.person_name,
            # The words they agreed to, in their language when staff recorded both.
            "quote": (testimonial.quote_en if language == "en" else "") or testimonial.quote_fr,
            "home_url": page_address("portal:home", language=language),
            "withdraw_url": page_address(
                "community:testimonial_withdraw", language=language, token=token
            ),
            "contact_email": settings.CONTACT_EMAIL,
        }

    return email_send_once(
        key=f"testimonial:{testimonial.pk}:published:{consent.pk}",
        template="community/emails/testimonials/published",
        to=testimonial.email,
        language=language,
        context=context,
    )


@transaction.atomic
def testimonial_anonymise(*, testimonial: Testimonial) -> None:
    """Erasure: the testimonial comes down (its consent withdrawn as erased) and keeps no
    trace of the person: name, email, contact and photo go; the row stays, anonymous."""
    testimonial_consent_withdraw(
        testimonial=testimonial, method=TestimonialConsent.WithdrawalMethod.ERASED
    )
    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if testimonial.photo:
        testimonial.photo.delete(save=False)
    testimonial.person_name = ANONYMOUS_NAME
    testimonial.email = ""
    testimonial.contact = None
    testimonial.photo = ""
    testimonial.anonymised_at = timezone.now()
    testimonial.save()


# Success stories.


@transaction.atomic
def story_save(
    *,
    story: SuccessStory,
    data: dict,
    organizations=None,
    image: UploadedFile | None = None,
    user=None,
) -> SuccessStory:
    for field in STORY_FIELDS:
        if field in data:
            setattr(story, field, data[field])
    if not story.slug:
        story.slug = slug_free(SuccessStory, story.title_fr, fallback="story")
    if story.pk is None:
        story.created_by = user
    if image is not None:
        if story.image:
            story.image.delete(save=False)
        story.image.save(
            _photo_name(story.slug),
            image_fit_webp(image, box=STORY_IMAGE_BOX, quality=85),
            save=False,
        )
    story.full_clean()
    story.save()
    if organizations is not None:
        story.organizations.set(organizations)
    return story


@transaction.atomic
def story_publish(*, story: SuccessStory, published: bool) -> SuccessStory:
    story = SuccessStory.objects.select_for_update().get(pk=story.pk)
    if published and not story.is_published:
        story.published_at = timezone.now()
    story.is_published = published
    story.save(update_fields=["is_published", "published_at"])
    return story
