import json
import uuid

import factory
from django.utils import timezone

from core.tests.feed_server import FeedServer
from members.models import Competence, Organization, Sector
from members.tests.factories import OrganizationFactory
from network.models import PartnerDirectory, PartnerOrganization, PartnerTerm
from network.services.consent import network_consent_change


def competence(slug: str, name_fr: str, name_en: str = "") -> Competence:
    return Competence.objects.get_or_create(
        slug=slug, defaults={"name_fr": name_fr, "name_en": name_en or name_fr}
    )[0]


def sector(slug: str, name_fr: str) -> Sector:
    return Sector.objects.get_or_create(slug=slug, defaults={"name_fr": name_fr})[0]


def consenting_organization(user=None, **kwargs) -> Organization:
    """A member listed in the directory that agreed to the network feed."""
    organization = OrganizationFactory(**{"directory_consent_at": timezone.now(), **kwargs})
    network_consent_change(organization=organization, granted=True, user=user)
    return organization


class PartnerDirectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerDirectory

    name = factory.Sequence(lambda n: f"Pôle partenaire {n}")
    feed_url = factory.Sequence(lambda n: f"https://pole-{n}.example.org/network/directory.json")


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    partner = factory.SubFactory(PartnerDirectoryFactory)
    source_id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"Société partenaire {n}")
    profile_url = factory.Sequence(lambda n: f"https://pole.example.org/fr/members/soc-{n}/")
    city = "Montpellier"
    updated_at = factory.LazyFunction(timezone.now)
    search_document = factory.LazyAttribute(lambda o: o.name.lower())


def partner_term(partner, code, *, kind=PartnerTerm.Kind.COMPETENCE, **kwargs) -> PartnerTerm:
    return PartnerTerm.objects.create(
        partner=partner, kind=kind, code=code, name_fr=kwargs.pop("name_fr", code), **kwargs
    )


class DirectoryFeedServer(FeedServer):
    """A second portal's directory feed, served from this machine (core.tests.feed_server)."""

    def __init__(self):
        super().__init__(content_type="application/json")

    def serve(self, path: str, document) -> str:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.routes[path] = (200, body)
        return self.url(path)
