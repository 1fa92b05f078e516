"""A person's testimonials in their data: exported (found by contact or by address), and
taken down and anonymised when their data is erased (portal.services.personal_data)."""

import pytest

from community.models import TestimonialConsent
from community.services import testimonials as services
from community.tests.testimonials_factories import make_testimonial
from portal.services import personal_data

pytestmark = pytest.mark.django_db


def test_the_persons_testimonials_are_in_their_export_and_erasure_takes_them_down(
    personas, django_capture_on_commit_callbacks
):
    contact = personas.member_contact.contact
    mine = make_testimonial(
        person_name=f"{contact.first_name} {contact.last_name}",
        contact=contact,
        email=contact.email,
        published=True,
    )
    # Recorded under their address only, before they were linked to the register.
    by_address = make_testimonial(person_name="C. Alpha", email=contact.email.upper())
    someone_else = make_testimonial(person_name="Autre Personne", published=True)

    data = personal_data.personal_data_export(contact=contact)
    assert {t["name"] for t in data["testimonials"]} == {mine.person_name, "C. Alpha"}
    assert data["testimonials"][0]["consents"]

    with django_capture_on_commit_callbacks(execute=True):
        personal_data.contact_erase(contact=contact, erased_by=None)

    for testimonial in (mine, by_address):
        testimonial.refresh_from_db()
        assert testimonial.published_at is None
        assert testimonial.anonymised_at is not None
        assert testimonial.person_name == "—" and testimonial.email == ""
        assert testimonial.contact is None
        consent = testimonial.consents.get()
        assert consent.withdrawal_method == TestimonialConsent.WithdrawalMethod.ERASED
        with pytest.raises(services.NoConsentError):
            services.testimonial_publish(testimonial=testimonial)
    someone_else.refresh_from_db()
    assert someone_else.published_at is not None
