"""What network adds to the pages of the apps below it, registered when the app is ready."""

from collaboration import panels as collaboration_panels
from members import panels as members_panels
from network.models import NetworkListing
from network.selectors.matching import need_partner_matches


def _organization_network(*, organization) -> dict:
    return {
        "network_listing": NetworkListing.objects.filter(organization=organization).first(),
    }


# Staff's 360° page shows whether the organization agreed to the network feed.
members_panels.organization_page.register(
    "network_consent",
    template_name="network/staff/_organization_panel.html",
    context=_organization_network,
    order=90,
)

# The directory offers members to widen their search to the whole network. The page is
# stored for anonymous visitors, to whom the panel shows nothing.
members_panels.directory_page.register(
    "network_search",
    template_name="network/public/_directory_panel.html",
    # Members' and animators' rendering: the same people who may search the whole network
    # (permissions.can_search_network).
    context=lambda *, viewer_is_member: {"network_search_shown": viewer_is_member},
    order=10,
)


def _need_matches(*, post) -> dict:
    if post.kind != post.Kind.NEED:
        return {"network_matches": None}
    return {"network_matches": need_partner_matches(post=post)}


# A need's staff page lists partner clusters' organizations that could answer it.
collaboration_panels.staff_post_page.register(
    "network_matches",
    template_name="network/staff/_post_panel.html",
    context=_need_matches,
    order=10,
)
