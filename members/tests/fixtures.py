"""Fixtures of the membership application shared with the tests of the apps above members
(a pytest plugin: see conftest.py)."""

import pytest

from members.models import FeeBand, HeadcountBand, MembershipCategory, Organization

VALID_SIREN = "732829320"
VALID_SIRET = "73282932000074"


@pytest.fixture
def category(db) -> MembershipCategory:
    company = MembershipCategory.objects.create(
        name_fr="Entreprise", name_en="Company", slug="entreprise"
    )
    FeeBand.objects.create(category=company, headcount_band=HeadcountBand.MICRO, amount=300)
    FeeBand.objects.create(category=company, headcount_band=HeadcountBand.SMALL, amount=900)
    return company


@pytest.fixture
def join_data(category) -> dict:
    return {
        "organization_name": "Gamma Robotique",
        "kind": Organization.Kind.COMPANY,
        "siren": "732 829 320",
        "siret": VALID_SIRET,
        "naf_code": "6201z",
        "headcount_band": HeadcountBand.SMALL,
        "postal_code": "31000",
        "city": "Toulouse",
        "website": "gamma-robotique.example",
        "category": category.pk,
        "first_name": "Gaëlle",
        "last_name": "Garnier",
        "email": "Gaelle.Garnier@gamma-robotique.example",
        "phone": "05 61 00 00 00",
        "job_title": "CEO",
        "preferred_language": "en",
        "motivation": "We build cobots for local SMEs.",
        "consent_directory": "on",
        "consent_newsletter": "on",
        "nickname": "",
    }
