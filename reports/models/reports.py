"""Activity reports: a draft per period (and per working group for the quarterly
syntheses), its snapshot of figures, its editorial text, and the versions published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage
from core.translation import in_language
from reports.periods import Period

# The sections of a cluster report, in their order. Staff write highlights for each.
SECTIONS = (
    ("key_figures", _("Key figures")),
    ("membership", _("Membership")),
    ("events", _("Events")),
    ("groups", _("Working groups")),
    ("communication", _("Communication")),
    ("satisfaction", _("Satisfaction")),
    ("plan", _("Communication plan")),
    ("collaboration", _("Collaboration between members")),
    ("relations", _("Relations")),
)
# Left out of the member edition (and of course of the public one).
STAFF_ONLY_SECTIONS = ("relations",)


# What the build's page says of the step under way (Report.build_step).
BUILD_STEPS = {
    "figures": _("Taking the figures"),
    "membership": _("Membership figures taken"),
    "events": _("Event figures taken"),
    "groups": _("Working-group figures taken"),
    "communication": _("Communication figures taken"),
    "satisfaction": _("Satisfaction figures taken"),
    "plan": _("Communication plan figures taken"),
    "collaboration": _("Collaboration figures taken"),
    "relations": _("Relations figures taken"),
    "pdf-fr": _("Making the French PDF"),
    "pdf-en": _("Making the English PDF"),
    "saving": _("Saving the files"),
}


class BuildState(models.TextChoices):
    IDLE = "idle", _("Not built yet")
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Building")
    DONE = "done", _("Built")
    FAILED = "failed", _("Failed")


def report_upload_to(report: "Report", filename: str) -> str:
    return f"reports/{report.pk}/{filename}"


class Report(models.Model):
    """The working copy of a report: what staff edit and build, and preview before they
    publish a version of it."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarterly report")
        HALF = "half", _("Half-year report")
        YEAR = "year", _("Annual report")
        SYNTHESIS = "synthesis", _("Working-group synthesis")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # Set for a working-group synthesis (a quarter of one group), empty for a cluster report.
    working_group = models.ForeignKey(
        "members.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="syntheses",
        verbose_name=_("working group"),
    )
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    # {"membership": {"fr": "…", "en": "…"}, …}: Markdown, sanitised when rendered.
    highlights = models.JSONField(_("highlights"), default=dict, blank=True)
    # The synthesis of a working group, Markdown, written by its animator.
    narrative_fr = models.TextField(_("synthesis (French)"), blank=True)
    narrative_en = models.TextField(_("synthesis (English)"), blank=True)

    # The figures, frozen when the report was last built (see reports.selectors.snapshot).
    snapshot = models.JSONField(_("figures"), default=dict, blank=True)
    snapshot_at = models.DateTimeField(_("figures taken"), null=True, blank=True)
    # Bumped by every change of text or figures: a version records the revision it froze,
    # so publishing the same revision twice gives the same version.
    revision = models.PositiveIntegerField(default=0)

    build_state = models.CharField(
        _("build"), max_length=8, choices=BuildState.choices, default=BuildState.IDLE
    )
    build_step = models.CharField(_("step"), max_length=120, blank=True)
    build_progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    build_error = models.TextField(_("why the build failed"), blank=True)
    build_requested_at = models.DateTimeField(null=True, blank=True)
    build_finished_at = models.DateTimeField(null=True, blank=True)
    # While building, the task renews this; once it has passed (the worker died), the
    # build may be asked for again.
    build_lease_expires_at = models.DateTimeField(null=True, blank=True)
    # Which run of the task holds the build: a redelivered or late task whose run is not
    # this one writes nothing.
    build_run = models.CharField(max_length=36, blank=True)
    # What the build under way was asked for: new figures, or the same ones in new PDFs.
    build_refresh_figures = models.BooleanField(default=True)
    # The member edition's PDFs of the draft, as staff preview them and as publishing
    # freezes them; `built_revision` is the revision they show.
    pdf_fr = models.FileField(
        _("PDF (French)"), upload_to=report_upload_to, storage=PrivateStorage(), blank=True
    )
    pdf_en = models.FileField(
        _("PDF (English)"), upload_to=report_upload_to, storage=PrivateStorage(), blank=True
    )
    built_revision = models.PositiveIntegerField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "kind", "working_group__name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start"],
                condition=Q(working_group__isnull=True),
                name="one_cluster_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["working_group", "period_start"],
                condition=Q(working_group__isnull=False),
                name="one_synthesis_per_group_and_quarter",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(kind="synthesis", working_group__isnull=False)
                | (~Q(kind="synthesis") & Q(working_group__isnull=True)),
                name="synthesis_has_a_group",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self) -> Period:
        kind = "quarter" if self.kind == self.Kind.SYNTHESIS else self.kind
        return Period(kind, self.period_start, self.period_end)

    @property
    def is_synthesis(self) -> bool:
        return self.kind == self.Kind.SYNTHESIS

    @property
    def title(self) -> str:
        if self.is_synthesis:
            return _("%(group)s group synthesis, %(period)s") % {
                "group": self.working_group.name,
                "period": self.period.label(),
            }
        return {
            self.Kind.QUARTER: _("Activity report, %(period)s"),
            self.Kind.HALF: _("Half-year activity report, %(period)s"),
            self.Kind.YEAR: _("Annual activity report %(period)s"),
        }[self.kind] % {"period": self.period.label()}

    @property
    def intro(self) -> str:
        return in_language(self.intro_fr, self.intro_en)

    @property
    def narrative(self) -> str:
        return in_language(self.narrative_fr, self.narrative_en)

    @property
    def is_building(self) -> bool:
        return self.build_state in (BuildState.QUEUED, BuildState.RUNNING)

    @property
    def build_step_label(self) -> str:
        return BUILD_STEPS.get(self.build_step, "")

    @property
    def is_built(self) -> bool:
        return bool(self.snapshot) and self.build_state == BuildState.DONE

    @property
    def has_content(self) -> bool:
        """Something to publish: activity recorded in the period, or a synthesis its
        animator wrote (a group may meet where the portal does not see it)."""
        if not self.snapshot.get("is_empty"):
            return True
        return self.is_synthesis and bool(self.narrative_fr or self.narrative_en)

    @property
    def pdfs_current(self) -> bool:
        """The draft's PDFs show its figures and text as they are now."""
        return self.is_built and self.built_revision == self.revision and bool(self.pdf_fr)

    def pdf(self, language: str):
        return self.pdf_en if language == "en" and self.pdf_en else self.pdf_fr

    def texts(self) -> dict:
        """The editorial text a version freezes."""
        return {
            "intro": {"fr": self.intro_fr, "en": self.intro_en},
            "highlights": self.highlights,
            "narrative": {"fr": self.narrative_fr, "en": self.narrative_en},
        }


def version_upload_to(version: "ReportVersion", filename: str) -> str:
    return f"reports/{version.report_id}/versions/{filename}"


class ReportVersion(models.Model):
    """A published version: its figures, its text and its PDFs never change. Correcting a
    report publishes the next number and keeps this one."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    source_revision = models.PositiveIntegerField()
    snapshot = models.JSONField(_("figures"))
    snapshot_at = models.DateTimeField(_("figures taken"))
    texts = models.JSONField(_("text"))
    # The member edition in each language; the staff edition is the back-office preview.
    pdf_fr = models.FileField(
        _("PDF (French)"), upload_to=version_upload_to, storage=PrivateStorage(), blank=True
    )
    pdf_en = models.FileField(
        _("PDF (English)"), upload_to=version_upload_to, storage=PrivateStorage(), blank=True
    )
    # An annual report's key figures and highlights, shown in the press room.
    is_public = models.BooleanField(_("public edition in the press room"), default=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # Whether member contacts are emailed about it (the demo's versions are not), and when
    # the last of those emails left: each is sent once per version.
    announce = models.BooleanField(_("announced by email"), default=True)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    announcement_count = models.PositiveIntegerField(_("announced to"), default=0)

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["report", "source_revision"], name="one_version_per_revision"
            ),
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"

    def pdf(self, language: str):
        return self.pdf_en if language == "en" and self.pdf_en else self.pdf_fr


class ReportDownload(models.Model):
    """Downloads of a version's PDF, counted per language and per day (no person kept)."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="downloads")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    day = models.DateField(default=timezone.localdate)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language", "day"], name="one_download_count_per_day"
            )
        ]

    def __str__(self):
        return f"{self.version} {self.language} {self.day}: {self.count}"
