"""Rows the tests of needs, offers and introductions build."""

import datetime

from django.utils import timezone

from collaboration.models import Post
from members.models import Competence, Sector, WorkingGroup, WorkingGroupMember
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory


def term(model, name: str):
    slug = "t-" + name.lower().replace(" ", "-")
    return model.objects.get_or_create(slug=slug, defaults={"name_fr": name, "name_en": name})[0]


def competence(name: str) -> Competence:
    return term(Competence, name)


def sector(name: str) -> Sector:
    return term(Sector, name)


def member_org(name: str, *, competences=(), sectors=(), region="76", listed=True, **kwargs):
    organization = OrganizationFactory(
        name=name,
        region=region,
        directory_consent_at=timezone.now() if listed else None,
        **kwargs,
    )
    organization.competences.set(competences)
    organization.sectors.set(sectors)
    return organization


def contact_of(organization, **kwargs):
    return AffiliationFactory(organization=organization, contact=ContactFactory(**kwargs)).contact


def post_of(organization, *, competences=(), sectors=(), kind="need", title="Besoin", days=30):
    post = Post.objects.create(
        organization=organization,
        kind=kind,
        title=title,
        description="Une description **Markdown**.",
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    post.competences.set(competences)
    post.sectors.set(sectors)
    return post


def group_with(*organizations, name="Groupe IA"):
    group = WorkingGroup.objects.create(name_fr=name, slug=name.lower().replace(" ", "-"))
    for organization in organizations:
        WorkingGroupMember.objects.create(
            group=group,
            contact=contact_of(organization),
            status=WorkingGroupMember.Status.ACCEPTED,
        )
    return group
