"""Suggested partners for a need or an offer: who, in what order, and why."""

import pytest

from collaboration.models import Post
from collaboration.selectors.matching import post_suggestions
from collaboration.tests.introductions_factories import (
    competence,
    group_with,
    member_org,
    post_of,
    sector,
)
from members.models import Organization


@pytest.fixture
def terms(db):
    return {
        "cyber": competence("Cybersécurité"),
        "ai": competence("Industrie 4.0"),
        "cloud": competence("Cloud"),
        "industry": sector("Industrie"),
        "health": sector("Santé"),
    }


def _suggestions(post):
    post = (
        Post.objects.select_related("organization")
        .prefetch_related("competences", "sectors")
        .get(pk=post.pk)
    )
    return post_suggestions(post=post)


def test_suggestions_are_ranked_by_what_is_shared_with_their_reasons(terms):
    own = member_org("Demandeur", region="76")
    post = post_of(own, competences=[terms["cyber"], terms["ai"]], sectors=[terms["industry"]])
    member_org("Deux compétences", competences=[terms["cyber"], terms["ai"]], region="11")
    member_org(
        "Une et secteur", competences=[terms["cyber"]], sectors=[terms["industry"]], region="76"
    )
    group_only = member_org("Groupe seul", competences=[terms["cloud"]], region="11")
    group_with(own, group_only)
    member_org("Rien en commun", competences=[terms["cloud"]], sectors=[terms["health"]])

    suggestions = _suggestions(post)

    assert [s.organization.name for s in suggestions] == [
        "Deux compétences",  # 2 × 3
        "Une et secteur",  # 3 + 2 + 1 (region)
        "Groupe seul",  # 1
    ]
    assert suggestions[0].reasons == ["En commun : Cybersécurité, Industrie 4.0"]
    assert suggestions[1].reasons == ["En commun : Cybersécurité, Industrie", "Même région"]
    assert suggestions[2].reasons == ["1 groupe de travail en commun"]
    assert suggestions[2].shown_competences == ["Cloud"]


def test_suggestions_leave_out_the_own_organization_non_members_unlisted_and_hidden(terms):
    own = member_org("Demandeur", competences=[terms["cyber"]])
    post = post_of(own, competences=[terms["cyber"]])
    member_org("Prospect", competences=[terms["cyber"]], lifecycle=Organization.Lifecycle.PROSPECT)
    member_org("Hors annuaire", competences=[terms["cyber"]], listed=False)
    member_org("Cachée", competences=[terms["cyber"]], visibility={"competences": "hidden"})
    visible = member_org("Visible", competences=[terms["cyber"]])

    assert [s.organization for s in _suggestions(post)] == [visible]


def test_suggestions_stop_at_twenty(terms):
    own = member_org("Demandeur")
    post = post_of(own, competences=[terms["cyber"]])
    for index in range(23):
        member_org(f"Membre {index:02d}", competences=[terms["cyber"]])

    assert len(_suggestions(post)) == 20


@pytest.mark.parametrize("size", [3, 30])
def test_suggestions_cost_three_queries_whatever_the_candidates(
    terms, size, django_assert_num_queries
):
    own = member_org("Demandeur")
    post = post_of(own, competences=[terms["cyber"], terms["ai"]], sectors=[terms["industry"]])
    for index in range(size):
        member_org(f"Membre {index}", competences=[terms["cyber"], terms["cloud"]])
    post = (
        Post.objects.select_related("organization")
        .prefetch_related("competences", "sectors")
        .get(pk=post.pk)
    )

    # The ranking, the organizations, their competences.
    with django_assert_num_queries(3):
        suggestions = post_suggestions(post=post)
    assert len(suggestions) == min(size, 20)


def test_the_quick_starts_ranking_without_postgresql_gives_the_same_rows(terms):
    # SQLite has no arrays: there the same hits are counted in Python. Both must agree on
    # every rule: weights, region, groups, exclusions, hidden terms, ties and the limit.
    from collaboration.selectors.matching import _rows_portable, post_suggestion_rows

    own = member_org("Demandeur", region="76")
    post = post_of(own, competences=[terms["cyber"], terms["ai"]], sectors=[terms["industry"]])
    member_org("Deux competences", competences=[terms["cyber"], terms["ai"]], region="11")
    member_org("Une et secteur", competences=[terms["cyber"]], sectors=[terms["industry"]])
    group_with(own, member_org("Groupe seul", competences=[terms["cloud"]], region="11"))
    member_org("Secteur cache", sectors=[terms["industry"]], visibility={"sectors": "hidden"})
    member_org("Prospect", competences=[terms["cyber"]], lifecycle=Organization.Lifecycle.PROSPECT)
    member_org("Hors annuaire", competences=[terms["cyber"]], listed=False)
    for index in range(6):
        member_org(f"Membre {index:02d}", competences=[terms["ai"]], region="76")

    for limit in (20, 5):
        portable = _rows_portable(post=post, limit=limit)
        assert portable == [tuple(row) for row in post_suggestion_rows(post=post, limit=limit)]
    assert [row[0] for row in _rows_portable(post=post, limit=3)][:2] == [
        Organization.objects.get(name="Deux competences").pk,
        Organization.objects.get(name="Une et secteur").pk,
    ]
