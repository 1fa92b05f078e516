import factory

from core.tests.factories import UserFactory
from members.models import Affiliation, Contact, HeadcountBand, Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    kind = Organization.Kind.COMPANY
    lifecycle = Organization.Lifecycle.MEMBER
    city = "Toulouse"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    contact = factory.SubFactory(ContactFactory)
    organization = factory.SubFactory(OrganizationFactory)
    access = Affiliation.Access.CONTACT


def member_user(
    organization: Organization, access: str = Affiliation.Access.CONTACT, **user_kwargs
):
    """A user with a login, a contact and an affiliation to `organization`."""
    user = UserFactory(**user_kwargs)
    contact = ContactFactory(
        user=user, email=user.email, first_name=user.first_name, last_name=user.last_name
    )
    AffiliationFactory(contact=contact, organization=organization, access=access)
    return user


def application_submitted(**overrides):
    """An application submitted through the service, as /join/ does: Gamma Robotique and
    Gaëlle Garnier unless `overrides` name other organization or contact fields, or a
    `category`."""
    from members.services import joining

    organization = {
        "name": "Gamma Robotique",
        "kind": Organization.Kind.COMPANY,
        "siren": "732829320",
        "siret": "",
        "naf_code": "",
        "headcount_band": HeadcountBand.SMALL,
        "postal_code": "31000",
        "city": "Toulouse",
        "website": "",
    }
    contact = {
        "first_name": "Gaëlle",
        "last_name": "Garnier",
        "email": "gaelle@gamma-robotique.example",
        "phone": "",
        "job_title": "",
        "preferred_language": "fr",
    }
    organization.update({k: v for k, v in overrides.items() if k in organization})
    contact.update({k: v for k, v in overrides.items() if k in contact})
    return joining.application_submit(
        organization=joining.ApplicantOrganization(**organization),
        contact=joining.ApplicantContact(**contact),
        category=overrides.get("category"),
        motivation="",
        newsletter_consent=False,
    )


def membership_paid(membership, *, paid_on):
    """Record the dues of `membership` as paid on `paid_on`, the way staff do: by editing
    the membership, everything else left as it is."""
    from members.services.memberships import membership_update

    return membership_update(
        membership=membership,
        status=membership.status,
        category=membership.category,
        dues_amount=membership.dues_amount,
        invoice_number=membership.invoice_number,
        invoiced_on=membership.invoiced_on,
        paid_on=paid_on,
        payment_method=membership.payment_method,
        notes=membership.notes,
    )
