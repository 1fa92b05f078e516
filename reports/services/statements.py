"""Members' annual statements: built once a year for every organization that was a member,
rendered as a PDF in each language on its first download and kept."""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation

from core.pdf import pdf_render
from members.models import Organization
from reports.models import MemberStatement
from reports.selectors.membership import COUNTED
from reports.selectors.statements import statement_display, statement_figures, statements_figures

# Organizations whose figures are read together: five queries per batch.
BATCH_SIZE = 300
# What makes an organization a member during a year: a membership the reports count
# (reports.selectors.membership: active, expired, or approved with its dues still owed)
# overlapping it, so that every member the annual report counts gets its statement.
MEMBER_STATUSES = COUNTED
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def _pdf_names(statement: MemberStatement) -> list[str]:
    return [field.name for field in (statement.pdf_fr, statement.pdf_en) if field]


def _files_delete_on_commit(names: list[str]) -> None:
    """Delete the PDFs of figures that were just replaced, once the new figures are saved:
    a rolled-back rebuild keeps the old statement and its files."""
    if not names:
        return
    storage = MemberStatement._meta.get_field("pdf_fr").storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def statement_build(*, organization: Organization, year: int) -> MemberStatement:
    """Take the organization's figures of `year` and keep them as its statement. A rebuild
    replaces the figures and deletes the PDFs of the old ones (rendered again on demand)."""
    figures = statement_figures(organization=organization, year=year)
    # Locked: a download rendering a PDF of the old figures finishes first.
    old = (
        MemberStatement.objects.select_for_update()
        .filter(organization=organization, year=year)
        .first()
    )
    statement, _created = MemberStatement.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={"figures": figures, "built_at": timezone.now(), "pdf_fr": "", "pdf_en": ""},
    )
    _files_delete_on_commit(_pdf_names(old) if old else [])
    return statement


def organizations_members_during(*, year: int):
    """Organizations that were members at some time in `year`: an active or expired
    membership whose period overlaps the year."""
    return (
        Organization.objects.filter(
            memberships__status__in=MEMBER_STATUSES,
            memberships__period_start__lte=date(year, 12, 31),
            memberships__period_end__gte=date(year, 1, 1),
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def _statements_save(*, organizations: list[Organization], year: int, figures: dict) -> None:
    """Write the statements of a batch: one query to lock and read the old ones (their PDF
    files go), one to insert or update them all."""
    old = MemberStatement.objects.select_for_update().filter(
        organization__in=organizations, year=year
    )
    old_files = [name for statement in old for name in _pdf_names(statement)]
    built_at = timezone.now()
    MemberStatement.objects.bulk_create(
        [
            MemberStatement(
                organization=organization,
                year=year,
                figures=figures[organization.pk],
                built_at=built_at,
                pdf_fr="",
                pdf_en="",
            )
            for organization in organizations
        ],
        update_conflicts=True,
        unique_fields=["organization", "year"],
        update_fields=["figures", "built_at", "pdf_fr", "pdf_en"],
    )
    _files_delete_on_commit(old_files)


def statements_build_year(*, year: int, batch_size: int = BATCH_SIZE) -> int:
    """Build the statement of `year` of every organization that was a member then, in
    batches (each its own transaction, so a long run holds no lock for long). Returns how
    many were built."""
    ids = list(organizations_members_during(year=year).values_list("pk", flat=True))
    for first in range(0, len(ids), batch_size):
        organizations = list(
            Organization.objects.filter(pk__in=ids[first : first + batch_size]).order_by("pk")
        )
        _statements_save(
            organizations=organizations,
            year=year,
            figures=statements_figures(organizations=organizations, year=year),
        )
    return len(ids)


def statement_pdf_context(*, statement: MemberStatement) -> dict:
    """What the PDF and the page show; names and labels in the active language."""
    return {
        "cluster_name": settings.CLUSTER_NAME,
        "statement": statement,
        "organization": statement.organization,
        "year": statement.year,
        "figures": statement_display(figures=statement.figures),
    }


def statement_pdf(*, statement: MemberStatement, language: str) -> FieldFile:
    """The statement's PDF in `language`: rendered on the first request and kept in its
    field; later calls return that same file."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"No statement PDF in {language!r}.")
    field_name = f"pdf_{language}"
    kept = getattr(statement, field_name)
    if kept and kept.storage.exists(kept.name):
        return kept
    with transaction.atomic():
        # Two first downloads at once: the second waits here, then finds the file.
        locked = (
            MemberStatement.objects.select_for_update()
            .select_related("organization")
            .get(pk=statement.pk)
        )
        field = getattr(locked, field_name)
        if not (field and field.storage.exists(field.name)):
            with translation.override(language):
                content = pdf_render(
                    template="reports/pdf/statement.html",
                    context=statement_pdf_context(statement=locked),
                )
            field.save(
                f"{locked.organization.slug}-{locked.year}-{language}.pdf",
                ContentFile(content),
                save=False,
            )
            locked.save(update_fields=[field_name])
    setattr(statement, field_name, getattr(locked, field_name).name)
    return getattr(statement, field_name)
