"""Testimonials' consent to publish: no consent, no publication; a withdrawal (by staff, by
the person's link, from their space, by erasure) takes the testimonial down and is kept; the
email that tells the person goes once, in their language, with the link."""

import datetime
import re

import pytest
from django.core import mail

from community.models import Testimonial, TestimonialConsent
from community.services import testimonials as services
from community.tests.testimonials_factories import make_testimonial
from core.models import SentEmail

pytestmark = pytest.mark.django_db

WITHDRAW_LINK = re.compile(r"https?://[^\s\"<]+/testimonials/withdraw/([\w-]+)/")


def _published_with_email(django_capture_on_commit_callbacks, **fields):
    testimonial = make_testimonial(email="camille@startup.test", **fields)
    with django_capture_on_commit_callbacks(execute=True):
        services.testimonial_publish(testimonial=testimonial)
    testimonial.refresh_from_db()
    return testimonial


def test_publishing_without_a_consent_in_force_is_refused():
    testimonial = make_testimonial(consent=False)
    with pytest.raises(services.NoConsentError):
        services.testimonial_publish(testimonial=testimonial)
    testimonial.refresh_from_db()
    assert testimonial.published_at is None
    assert Testimonial.objects.published().count() == 0


def test_publishing_tells_the_person_once_in_their_language_with_a_link_to_withdraw(
    django_capture_on_commit_callbacks,
):
    testimonial = _published_with_email(
        django_capture_on_commit_callbacks, language="en", quote_en="The cluster opened doors."
    )
    assert testimonial.published_at is not None
    [message] = mail.outbox
    assert message.to == ["camille@startup.test"]
    assert "online" in message.subject
    assert "“The cluster opened doors.”" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "/en/testimonials/withdraw/" in html
    # Unpublished and published again on the same consent: no second email.
    services.testimonial_unpublish(testimonial=testimonial)
    with django_capture_on_commit_callbacks(execute=True):
        services.testimonial_publish(testimonial=testimonial)
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key__startswith=f"testimonial:{testimonial.pk}:").count() == 1


def test_the_link_of_the_email_withdraws_the_consent_and_takes_the_testimonial_down(
    django_capture_on_commit_callbacks,
):
    testimonial = _published_with_email(django_capture_on_commit_callbacks)
    token = WITHDRAW_LINK.search(mail.outbox[0].body).group(1)

    assert services.testimonial_withdraw_by_link(token=token) == testimonial

    testimonial.refresh_from_db()
    assert testimonial.published_at is None
    [consent] = testimonial.consents.all()
    assert consent.withdrawn_at is not None
    assert consent.withdrawal_method == TestimonialConsent.WithdrawalMethod.PERSONAL_LINK
    # The link has done its job; it opens nothing any more.
    assert services.testimonial_for_link(token=token) is None
    with pytest.raises(services.NoConsentError):
        services.testimonial_publish(testimonial=testimonial)


def test_a_new_consent_after_a_withdrawal_allows_publishing_again_and_keeps_the_history(
    personas,
):
    testimonial = make_testimonial(published=True)
    assert services.testimonial_consent_withdraw(
        testimonial=testimonial,
        method=TestimonialConsent.WithdrawalMethod.PHONE,
        user=personas.staff,
    )
    testimonial.refresh_from_db()
    assert testimonial.published_at is None
    # Withdrawing twice records nothing more.
    assert not services.testimonial_consent_withdraw(
        testimonial=testimonial, method=TestimonialConsent.WithdrawalMethod.EMAIL
    )
    services.testimonial_consent_record(
        testimonial=testimonial,
        method=TestimonialConsent.Method.EMAIL,
        given_on=datetime.date(2026, 12, 1),
        text_version="Citation revue du 01/12/2026",
        user=personas.staff,
    )
    services.testimonial_publish(testimonial=testimonial)
    testimonial.refresh_from_db()
    assert testimonial.published_at is not None
    history = list(testimonial.consents.order_by("recorded_at", "pk"))
    assert [c.withdrawal_method for c in history] == ["phone", ""]
    assert history[0].withdrawal_recorded_by == personas.staff


def test_a_second_consent_while_one_is_in_force_is_refused():
    testimonial = make_testimonial()
    with pytest.raises(services.ConsentInForceError):
        services.testimonial_consent_record(
            testimonial=testimonial,
            method=TestimonialConsent.Method.IN_PERSON,
            given_on=datetime.date(2026, 12, 1),
            text_version="v2",
            user=None,
        )
    assert testimonial.consents.count() == 1


def _png_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), (20, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def _with_photo(testimonial: Testimonial) -> Testimonial:
    return services.testimonial_save(testimonial=testimonial, data={}, photo=_png_upload())


@pytest.mark.parametrize(
    "method",
    [
        TestimonialConsent.WithdrawalMethod.PERSONAL_LINK,
        TestimonialConsent.WithdrawalMethod.PHONE,
        TestimonialConsent.WithdrawalMethod.MEMBER_SPACE,
    ],
)
def test_a_withdrawal_deletes_the_photo_from_public_storage(
    django_capture_on_commit_callbacks, method
):
    testimonial = _with_photo(make_testimonial(published=True))
    storage, name = testimonial.photo.storage, testimonial.photo.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        services.testimonial_consent_withdraw(testimonial=testimonial, method=method)

    testimonial.refresh_from_db()
    assert not testimonial.photo
    assert not storage.exists(name)


def test_changing_the_quote_ends_the_consent_and_takes_the_testimonial_down(personas):
    testimonial = _with_photo(make_testimonial(published=True))
    photo = testimonial.photo.name

    services.testimonial_save(
        testimonial=testimonial,
        data={"quote_fr": "Le cluster nous a fait gagner deux ans."},
        user=personas.staff,
    )

    testimonial.refresh_from_db()
    assert testimonial.published_at is None
    [consent] = testimonial.consents.all()
    assert consent.withdrawal_method == TestimonialConsent.WithdrawalMethod.QUOTE_CHANGED
    assert consent.withdrawal_recorded_by == personas.staff
    # Not the person's withdrawal: the photo waits for their consent to the new words.
    assert testimonial.photo.name == photo
    with pytest.raises(services.NoConsentError):
        services.testimonial_publish(testimonial=testimonial)


def test_saving_other_fields_or_the_same_quote_keeps_the_consent_and_the_publication():
    testimonial = make_testimonial(published=True)

    services.testimonial_save(
        testimonial=testimonial,
        data={"quote_fr": testimonial.quote_fr, "role": "Présidente"},
    )

    testimonial.refresh_from_db()
    assert testimonial.published_at is not None
    assert services.consent_in_force(testimonial) is not None


def test_a_new_wording_is_published_on_a_new_consent_and_the_person_is_told_again(
    django_capture_on_commit_callbacks,
):
    testimonial = _published_with_email(django_capture_on_commit_callbacks)
    services.testimonial_save(testimonial=testimonial, data={"quote_en": "Two years saved."})
    services.testimonial_consent_record(
        testimonial=testimonial,
        method=TestimonialConsent.Method.EMAIL,
        given_on=datetime.date(2026, 12, 1),
        text_version="Citation revue du 01/12/2026",
        user=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.testimonial_publish(testimonial=testimonial)

    assert len(mail.outbox) == 2


def test_the_french_email_follows_french_typography(django_capture_on_commit_callbacks):
    _published_with_email(django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "« Le cluster nous a ouvert les portes de nos premiers clients. »" in body
    assert re.search(r"Le voir sur le site : https?://", body)


def test_a_new_photo_refused_with_the_rest_keeps_the_current_photo_file():
    from django.core.exceptions import ValidationError

    testimonial = _with_photo(make_testimonial())
    storage, name = testimonial.photo.storage, testimonial.photo.name

    with pytest.raises(ValidationError):
        services.testimonial_save(
            testimonial=testimonial, data={"person_name": ""}, photo=_png_upload()
        )

    testimonial.refresh_from_db()
    assert testimonial.photo.name == name and storage.exists(name)
