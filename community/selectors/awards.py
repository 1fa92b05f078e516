"""Reads of the innovation awards: the public editions and their winners, the badges of a
directory profile, the press room's winners, the staff lists and the jury's ranking. Each
runs a fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum

from community.models import (
    AwardApplication,
    AwardCategory,
    AwardCriterion,
    Edition,
    Juror,
    JurorConflict,
    JuryScore,
)
from core.search import search_filter
from members.models import Affiliation

Status = AwardApplication.Status
Result = AwardApplication.Result
AWARDED = (Result.WINNER, Result.MENTION)


# Public.


def editions_public():
    """Published editions, the latest first."""
    return Edition.objects.published().select_related("ceremony")


def edition_public_detail(slug: str) -> Edition:
    """A published edition with its categories and criteria (three queries)."""
    return (
        Edition.objects.published()
        .select_related("ceremony")
        .prefetch_related("categories", "criteria")
        .get(slug=slug)
    )


def edition_winners(edition: Edition) -> list[AwardApplication]:
    """The announced winners and mentions of an edition, by category (one query)."""
    if edition.announced_at is None or not edition.is_published:
        return []
    return list(
        AwardApplication.objects.filter(
            edition=edition, status=Status.SUBMITTED, result__in=AWARDED
        )
        .select_related("category", "organization")
        .order_by("category__position", "category_id", "-result", "organization__name")
    )


def _awarded():
    return AwardApplication.objects.filter(
        status=Status.SUBMITTED,
        result__in=AWARDED,
        edition__is_published=True,
        edition__announced_at__isnull=False,
    )


def organization_awards(*, organization) -> list[AwardApplication]:
    """The awards an organization won, for the badges of its directory profile (one
    query)."""
    return list(
        _awarded()
        .filter(organization=organization)
        .select_related("edition", "category")
        .order_by("-edition__applications_open_at", "category__position")
    )


def latest_winners(*, editions: int = 2) -> list[AwardApplication]:
    """The winners of the latest announced editions, for the press room (one query: the
    editions are a subquery)."""
    latest = (
        Edition.objects.published()
        .filter(announced_at__isnull=False)
        .order_by("-announced_at")
        .values("pk")[:editions]
    )
    return list(
        _awarded()
        .filter(edition_id__in=latest)
        .select_related("edition", "category", "organization")
        .order_by("-edition__announced_at", "category__position", "-result", "organization__name")
    )


# Member space.


def open_editions():
    return Edition.objects.published().prefetch_related("categories")


def space_applications(queryset):
    return queryset.select_related("edition", "category", "organization").order_by(
        "-edition__applications_open_at", "category__position", "pk"
    )


# Back-office.


def editions_staff_list(*, query: str = "", published: str = ""):
    editions = Edition.objects.annotate(
        application_count=Count(
            "applications", filter=Q(applications__status=Status.SUBMITTED), distinct=True
        ),
        juror_count=Count("jurors", distinct=True),
    ).select_related("ceremony")
    if query:
        editions = editions.filter(search_filter(query, ["title_fr", "title_en"]))
    if published == "yes":
        editions = editions.filter(is_published=True)
    elif published == "no":
        editions = editions.filter(is_published=False)
    return editions.order_by("-applications_open_at", "-pk")


def applications_staff_list(*, edition: Edition, query: str = "", category="", status=""):
    applications = (
        AwardApplication.objects.filter(edition=edition)
        .select_related("category", "organization", "submitted_by")
        .annotate(attachment_count=Count("attachments"))
    )
    if query:
        applications = applications.filter(search_filter(query, ["organization__name"]))
    if category:
        applications = applications.filter(category=category)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("category__position", "category_id", "organization__name", "pk")


def applications_export_rows(*, applications):
    header = [
        "Catégorie",
        "Organisation",
        "Déposée par",
        "Statut",
        "Résultat",
        "Pièces jointes",
        "Résumé public",
        "Déposée le",
    ]
    rows = (
        [
            application.category.name_fr,
            application.organization.name,
            application.submitted_by.full_name if application.submitted_by else "",
            application.get_status_display(),
            application.get_result_display(),
            application.attachment_count,
            application.public_summary,
            application.created_at.date().isoformat(),
        ]
        for application in applications
    )
    return header, rows


def jurors_staff_list(*, edition: Edition):
    return (
        Juror.objects.filter(edition=edition)
        .select_related("contact")
        .annotate(
            scored=Count("scores__application", distinct=True),
            conflict_count=Count("conflicts", distinct=True),
        )
        .order_by("name", "pk")
    )


@dataclass
class RankedApplication:
    application: AwardApplication
    ratio: float | None
    jurors: int
    # The weighted ratio each juror gave (juror id → ratio), for the table.
    by_juror: dict[int, float] = field(default_factory=dict)


@dataclass
class CategoryRanking:
    category: AwardCategory
    rows: list[RankedApplication]


def edition_ranking(*, edition: Edition) -> tuple[list[Juror], list[CategoryRanking]]:
    """Per category, the applications by the jury's weighted score, the best first, the
    unscored last. A juror's score of an application is Σ score × weight / Σ highest × weight
    over the criteria they scored; the application's, the mean over the jurors who scored.
    Four queries whatever the size: jurors, categories, applications, and the per-juror sums
    (aggregated by PostgreSQL)."""
    jurors = list(Juror.objects.filter(edition=edition).order_by("name", "pk"))
    categories = list(edition.categories.all())
    applications = list(
        AwardApplication.objects.filter(edition=edition, status=Status.SUBMITTED)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    # A score counts only while its juror may still see the application: not once they
    # declared a conflict with the company or joined it.
    tied = Affiliation.objects.filter(
        contact_id=OuterRef("juror__contact_id"),
        organization_id=OuterRef("application__organization_id"),
    )
    conflicting = JurorConflict.objects.filter(
        juror_id=OuterRef("juror_id"), organization_id=OuterRef("application__organization_id")
    )
    sums = (
        JuryScore.objects.filter(application__edition=edition)
        .exclude(Exists(tied))
        .exclude(Exists(conflicting))
        .values("application_id", "juror_id")
        .annotate(
            points=Sum(F("value") * F("criterion__weight")),
            highest=Sum(F("criterion__max_score") * F("criterion__weight")),
        )
        .order_by()
    )
    by_application: dict[int, dict[int, float]] = {}
    for row in sums:
        if row["highest"]:
            by_application.setdefault(row["application_id"], {})[row["juror_id"]] = (
                row["points"] / row["highest"]
            )
    rows_by_category: dict[int, list[RankedApplication]] = {c.pk: [] for c in categories}
    for application in applications:
        given = by_application.get(application.pk, {})
        ratio = sum(given.values()) / len(given) if given else None
        rows_by_category.setdefault(application.category_id, []).append(
            RankedApplication(application, ratio, len(given), given)
        )
    rankings = []
    for category in categories:
        rows = rows_by_category[category.pk]
        rows.sort(key=lambda row: (row.ratio is None, -(row.ratio or 0)))
        rankings.append(CategoryRanking(category, rows))
    return jurors, rankings


def criteria_of(edition: Edition) -> list[AwardCriterion]:
    return list(edition.criteria.all())


def juror_scores(*, juror: Juror, application: AwardApplication) -> dict[int, int]:
    return dict(
        JuryScore.objects.filter(juror=juror, application=application).values_list(
            "criterion_id", "value"
        )
    )


def juror_applications(*, juror: Juror, visible):
    """The applications a juror may see, with how many criteria they scored on each."""
    return (
        visible.select_related("category", "organization")
        .annotate(my_scores=Count("scores", filter=Q(scores__juror=juror)))
        .order_by("category__position", "category_id", "organization__name", "pk")
    )


def application_detail(queryset, pk: int) -> AwardApplication:
    return (
        queryset.select_related("edition", "category", "organization", "submitted_by")
        .prefetch_related(Prefetch("attachments"))
        .get(pk=pk)
    )
