"""Suggested partners for a need or an offer: the member organizations listed in the directory
that share the most with it, each with the reasons it is suggested.

The ranking is computed by PostgreSQL in one statement over the many-to-many tables: the
candidates are only the organizations sharing at least one of the post's competences or
sectors, or a working group with the post's organization, so the cost follows the post's
terms, not the size of the register. A second query loads the suggested organizations and a
third their competences for the cards.

SQLite, where the quick start runs, has none of PostgreSQL's arrays: there the same ranking is
made from the same hits, read with the ORM and counted in Python (`_rows_portable`; the tests
check both give the same rows). It reads only the hits, never the whole register.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collaboration.models import Post
from members.models import Organization, Region, Visibility, WorkingGroupMember

SUGGESTIONS_SHOWN = 20

# A shared competence says more about a partner than a shared sector, which says more than a
# region or a group in common.
WEIGHT_COMPETENCE = 3
WEIGHT_SECTOR = 2
WEIGHT_REGION = 1
WEIGHT_GROUP = 1

_SUGGESTIONS_SQL = f"""
WITH post_competences AS (
    SELECT competence_id FROM collaboration_post_competences WHERE post_id = %(post)s
), post_sectors AS (
    SELECT sector_id FROM collaboration_post_sectors WHERE post_id = %(post)s
), own_groups AS (
    SELECT DISTINCT member.group_id
    FROM members_workinggroupmember member
    JOIN members_affiliation affiliation ON affiliation.contact_id = member.contact_id
    WHERE affiliation.organization_id = %(organization)s AND member.status = %(accepted)s
), hits AS (
    -- What each organization shares with the post, one row per shared term or group: the
    -- candidates are the organizations with at least one.
    SELECT link.organization_id, 'c' AS what, link.competence_id AS term
    FROM members_organization_competences link JOIN post_competences USING (competence_id)
    UNION ALL
    SELECT link.organization_id, 's', link.sector_id
    FROM members_organization_sectors link JOIN post_sectors USING (sector_id)
    UNION ALL
    SELECT affiliation.organization_id, 'g', member.group_id
    FROM members_workinggroupmember member
    JOIN own_groups USING (group_id)
    JOIN members_affiliation affiliation ON affiliation.contact_id = member.contact_id
    WHERE member.status = %(accepted)s
), reasons AS (
    -- An organization that hides its competences or sectors from members is not matched
    -- on them: its reasons would show what it hides.
    SELECT
        organization.id,
        organization.name,
        coalesce(array_agg(hits.term ORDER BY hits.term) FILTER (
            WHERE hits.what = 'c'
            AND organization.visibility ->> 'competences' IS DISTINCT FROM %(hidden)s
        ), '{{}}') AS competence_ids,
        coalesce(array_agg(hits.term ORDER BY hits.term) FILTER (
            WHERE hits.what = 's'
            AND organization.visibility ->> 'sectors' IS DISTINCT FROM %(hidden)s
        ), '{{}}') AS sector_ids,
        count(DISTINCT hits.term) FILTER (WHERE hits.what = 'g') AS groups,
        (organization.region <> '' AND organization.region = %(region)s) AS same_region
    FROM hits
    JOIN members_organization organization ON organization.id = hits.organization_id
    WHERE organization.lifecycle = %(member)s
      AND organization.directory_consent_at IS NOT NULL
      AND organization.id <> %(organization)s
    GROUP BY organization.id
), scored AS (
    SELECT *,
        {WEIGHT_COMPETENCE} * cardinality(competence_ids)
        + {WEIGHT_SECTOR} * cardinality(sector_ids)
        + {WEIGHT_GROUP} * groups AS shared_score
    FROM reasons
)
SELECT id, competence_ids, sector_ids, groups, same_region,
    shared_score + CASE WHEN same_region THEN {WEIGHT_REGION} ELSE 0 END AS score
FROM scored
WHERE shared_score > 0
ORDER BY score DESC, name, id
LIMIT %(limit)s
"""


@dataclass
class Suggestion:
    organization: Organization
    score: int
    competences: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    same_region: bool = False
    groups: int = 0
    # The organization's competences as the directory shows them to members.
    shown_competences: list[str] = field(default_factory=list)
    region_label: str = ""
    # A pending or accepted introduction with the post's organization, when the page asks.
    introduction: object = None

    @property
    def reasons(self) -> list[str]:
        """ "Shares: Cybersécurité, Industrie 4.0", "Same region", "1 working group in common"."""
        reasons = []
        shared = [*self.competences, *self.sectors]
        if shared:
            reasons.append(_("Shares: %(terms)s") % {"terms": ", ".join(shared)})
        if self.same_region:
            reasons.append(_("Same region"))
        if self.groups:
            reasons.append(
                ngettext(
                    "%(count)d working group in common",
                    "%(count)d working groups in common",
                    self.groups,
                )
                % {"count": self.groups}
            )
        return reasons


def post_suggestion_rows(*, post: Post, limit: int = SUGGESTIONS_SHOWN) -> list[tuple]:
    """The ranked rows (organization id, shared competence ids, shared sector ids, groups in
    common, same region, score): one query."""
    if connection.vendor != "postgresql":
        return _rows_portable(post=post, limit=limit)
    region = (
        post.organization.region
        if "organization" in post._state.fields_cache
        else Organization.objects.filter(pk=post.organization_id)
        .values_list("region", flat=True)
        .first()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _SUGGESTIONS_SQL,
            {
                "post": post.pk,
                "organization": post.organization_id,
                "region": region or "",
                "accepted": WorkingGroupMember.Status.ACCEPTED,
                "member": Organization.Lifecycle.MEMBER,
                "hidden": Visibility.HIDDEN,
                "limit": limit,
            },
        )
        return cursor.fetchall()


def _rows_portable(*, post: Post, limit: int) -> list[tuple]:
    """post_suggestion_rows without PostgreSQL: the same hits and the same ranking."""
    competence_ids = set(
        post.competences.through.objects.filter(post=post).values_list("competence_id", flat=True)
    )
    sector_ids = set(
        post.sectors.through.objects.filter(post=post).values_list("sector_id", flat=True)
    )
    accepted = WorkingGroupMember.Status.ACCEPTED
    own_groups = set(
        WorkingGroupMember.objects.filter(
            status=accepted, contact__affiliations__organization_id=post.organization_id
        ).values_list("group_id", flat=True)
    )
    hits: dict[int, dict] = {}

    def hit(organization_id) -> dict:
        return hits.setdefault(organization_id, {"c": set(), "s": set(), "g": set()})

    for organization_id, term in Organization.competences.through.objects.filter(
        competence_id__in=competence_ids
    ).values_list("organization_id", "competence_id"):
        hit(organization_id)["c"].add(term)
    for organization_id, term in Organization.sectors.through.objects.filter(
        sector_id__in=sector_ids
    ).values_list("organization_id", "sector_id"):
        hit(organization_id)["s"].add(term)
    for organization_id, group in WorkingGroupMember.objects.filter(
        status=accepted, group_id__in=own_groups
    ).values_list("contact__affiliations__organization_id", "group_id"):
        if organization_id is not None:
            hit(organization_id)["g"].add(group)
    region = (
        Organization.objects.filter(pk=post.organization_id)
        .values_list("region", flat=True)
        .first()
        or ""
    )
    candidates = (
        Organization.objects.filter(
            pk__in=hits,
            lifecycle=Organization.Lifecycle.MEMBER,
            directory_consent_at__isnull=False,
        )
        .exclude(pk=post.organization_id)
        .only("pk", "name", "region", "visibility")
    )
    rows = []
    for organization in candidates:
        found = hits[organization.pk]
        competences = (
            sorted(found["c"])
            if organization.visibility.get("competences") != Visibility.HIDDEN
            else []
        )
        sectors = (
            sorted(found["s"])
            if organization.visibility.get("sectors") != Visibility.HIDDEN
            else []
        )
        groups = len(found["g"])
        shared = (
            WEIGHT_COMPETENCE * len(competences)
            + WEIGHT_SECTOR * len(sectors)
            + WEIGHT_GROUP * groups
        )
        if not shared:
            continue
        same_region = bool(organization.region) and organization.region == region
        score = shared + (WEIGHT_REGION if same_region else 0)
        rows.append(
            (
                (-score, organization.name, organization.pk),
                (organization.pk, competences, sectors, groups, same_region, score),
            )
        )
    rows.sort(key=lambda row: row[0])
    return [row for _key, row in rows[:limit]]


def post_suggestions(*, post: Post, limit: int = SUGGESTIONS_SHOWN) -> list[Suggestion]:
    """The member organizations to suggest for `post`, best first, with their reasons.
    The post's competences and sectors name the reasons: prefetch them (else two more
    queries). Three queries: the ranking, the organizations, their competences."""
    rows = post_suggestion_rows(post=post, limit=limit)
    if not rows:
        return []
    competence_names = {term.pk: term.name for term in post.competences.all()}
    sector_names = {term.pk: term.name for term in post.sectors.all()}
    organizations = Organization.objects.only(
        "pk", "name", "slug", "city", "region", "visibility"
    ).prefetch_related("competences")
    by_pk = organizations.in_bulk([row[0] for row in rows])
    regions = dict(Region.choices)
    suggestions = []
    for pk, competence_ids, sector_ids, groups, same_region, score in rows:
        organization = by_pk[pk]
        suggestions.append(
            Suggestion(
                organization=organization,
                score=score,
                competences=[competence_names[i] for i in competence_ids if i in competence_names],
                sectors=[sector_names[i] for i in sector_ids if i in sector_names],
                same_region=same_region,
                groups=groups,
                shown_competences=[term.name for term in organization.competences.all()]
                if organization.is_visible("competences", viewer_is_member=True)
                else [],
                region_label=regions.get(organization.region, ""),
            )
        )
    return suggestions
