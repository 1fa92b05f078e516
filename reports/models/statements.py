"""A member organization's own year: what its people attended, the groups they took part
in, the surveys they answered, its dues. Built once a year for each member organization."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage


def statement_upload_to(statement: "MemberStatement", filename: str) -> str:
    return f"statements/{statement.year}/{filename}"


class MemberStatement(models.Model):
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # The figures and lists of the year, frozen when built (reports.selectors.statement).
    figures = models.JSONField(_("figures"), default=dict)
    built_at = models.DateTimeField(_("built"), default=timezone.now)
    # Rendered on first download, in each language, and kept.
    pdf_fr = models.FileField(upload_to=statement_upload_to, storage=PrivateStorage(), blank=True)
    pdf_en = models.FileField(upload_to=statement_upload_to, storage=PrivateStorage(), blank=True)

    class Meta:
        verbose_name = _("annual statement")
        verbose_name_plural = _("annual statements")
        ordering = ["-year", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_statement_per_organization_year"
            )
        ]

    def __str__(self):
        return f"{self.organization} {self.year}"
