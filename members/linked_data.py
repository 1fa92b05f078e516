"""The schema.org description of a directory profile (JSON-LD, core.linked_data).

Built from the public side of the profile only, whoever looks: the block is in the page a
member sees as in the one stored for visitors, and search engines copy it. Everything comes
from what the profile's view already loaded (its taxonomies are prefetched, its sections
built), so it costs no query.
"""

from django.urls import reverse

from core.linked_data import absolute_url, cluster_organization, plain_description
from members.models import HeadcountBand, Organization

# The headcount bands as schema.org QuantitativeValue bounds (None: no upper bound).
HEADCOUNT_BOUNDS = {
    HeadcountBand.SOLO: (0, 0),
    HeadcountBand.MICRO: (1, 9),
    HeadcountBand.SMALL: (10, 49),
    HeadcountBand.MEDIUM: (50, 249),
    HeadcountBand.LARGE: (250, 4999),
    HeadcountBand.VERY_LARGE: (5000, None),
}


def _employees(band: str) -> dict | None:
    if band not in HEADCOUNT_BOUNDS:
        return None
    low, high = HEADCOUNT_BOUNDS[band]
    value = {"@type": "QuantitativeValue", "minValue": low}
    if high is not None:
        value["maxValue"] = high
    return value


def organization_linked_data(*, organization: Organization, panels=()) -> dict:
    """The profile as a schema.org Organization: only the fields the organization shows to
    everyone; the awards are the texts the profile's sections show (`schema_awards`)."""

    def public(field: str) -> bool:
        return organization.is_visible(field, viewer_is_member=False)

    data = {
        "@type": "Organization",
        "name": organization.name,
        "url": absolute_url(reverse("members:directory_profile", args=[organization.slug])),
    }
    if public("logo") and organization.logo:
        data["logo"] = absolute_url(organization.logo.url)
    if public("description") and organization.description:
        data["description"] = plain_description(organization.description)
    # The profile shows the city and the region to everyone, the street and its postal code
    # only as the organization chose.
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if organization.city:
        address["addressLocality"] = organization.city
    if organization.region:
        address["addressRegion"] = organization.get_region_display()
    if public("street") and organization.street:
        address["streetAddress"] = organization.street
        if organization.postal_code:
            address["postalCode"] = organization.postal_code
    if len(address) > 2:
        data["address"] = address
    same_as = []
    if public("website") and organization.website:
        same_as.append(organization.website)
    if public("social"):
        same_as += [url for url in (organization.linkedin_url, organization.x_url) if url]
    if same_as:
        data["sameAs"] = same_as
    if public("competences"):
        competences = [str(competence.name) for competence in organization.competences.all()]
        if competences:
            data["knowsAbout"] = competences
    if public("founded_year") and organization.founded_year:
        data["foundingDate"] = str(organization.founded_year)
    if public("headcount_band") and (employees := _employees(organization.headcount_band)):
        data["numberOfEmployees"] = employees
    data["memberOf"] = cluster_organization()
    awards = [text for built in panels for text in built.context.get("schema_awards", ())]
    if awards:
        data["award"] = awards
    return data
