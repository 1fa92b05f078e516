"""Calls for collaborative projects, the projects members submit to them, the consortium
around each project, and staff's scores on the call's criteria."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.translation import in_language
from core.uploads import DOCUMENT_EXTENSIONS, UploadTypeValidator
from members.models import Competence, Contact, Organization, Sector


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Call(models.Model):
    """A call for collaborative projects ("appel à projets collaboratifs") staff publish."""

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    eligibility_fr = models.TextField(_("eligibility (French)"), blank=True)
    eligibility_en = models.TextField(_("eligibility (English)"), blank=True)
    themes = models.ManyToManyField(
        Competence, blank=True, related_name="+", verbose_name=_("themes")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("sectors")
    )
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    deadline = models.DateTimeField(_("deadline for projects and expressions of interest"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-deadline", "-pk"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_fr, self.summary_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    @property
    def eligibility(self) -> str:
        return in_language(self.eligibility_fr, self.eligibility_en)

    def is_open(self, now=None) -> bool:
        """Projects and expressions of interest are taken until the deadline."""
        now = now or timezone.now()
        return (
            self.is_published and self.opens_on <= timezone.localdate(now) and now <= self.deadline
        )


class CallDocument(models.Model):
    """A document of the call (rules, template of the application), public with the call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="collaboration/calls/%Y/",
        validators=[UploadTypeValidator(DOCUMENT_EXTENSIONS)],
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """An evaluation criterion of the call, scored from 0 to `max_score`, weighted."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1), name="criterion_max_score_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class Project(models.Model):
    """A collaborative project submitted to a call by its lead organization, followed by
    staff through its stages."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        FORMING = "forming", _("Consortium forming")
        SUBMITTED = "submitted", pgettext_lazy("project stage", "Submitted")
        LABELLED = "labelled", _("Labelled or selected")
        FUNDED = "funded", _("Funded")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        ABANDONED = "abandoned", _("Abandoned")

    class LabelDecision(models.TextChoices):
        NONE = "", _("Not decided")
        LABELLED = "labelled", _("Labelled")
        NOT_LABELLED = "not_labelled", _("Not labelled")

    # Stages at which a project may be shown publicly as a success story.
    STORY_STAGES = (Stage.LABELLED, Stage.FUNDED, Stage.RUNNING, Stage.FINISHED)

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="projects")
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    lead = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="led_projects",
        verbose_name=_("project lead"),
    )
    submitted_by = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sought_competences = models.ManyToManyField(
        Competence, blank=True, related_name="+", verbose_name=_("competences sought")
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    stage_changed_at = models.DateTimeField(_("stage changed on"), default=timezone.now)
    label_decision = models.CharField(
        _("label decision"),
        max_length=12,
        choices=LabelDecision.choices,
        default=LabelDecision.NONE,
        blank=True,
    )
    label_decided_on = models.DateField(_("label decided on"), null=True, blank=True)
    # Staff's choice to tell the project publicly; it shows only once every organization of
    # the consortium agreed (Participation.story_consent_at).
    is_success_story = models.BooleanField(_("told as a success story"), default=False)
    story_fr = models.TextField(_("success story (French)"), blank=True)
    story_en = models.TextField(_("success story (English)"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collaborative project")
        verbose_name_plural = _("collaborative projects")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def story(self) -> str:
        return in_language(self.story_fr, self.story_en)


class ProjectStageChange(models.Model):
    """The history of a project's stages, for staff and the activity reports."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(
        _("from"), max_length=12, choices=Project.Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=12, choices=Project.Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed on"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class Participation(models.Model):
    """An organization's place in a project's consortium: the lead, or a member who expressed
    interest, saying what it would bring, and whom the lead accepted or declined."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Project lead")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        PENDING = "pending", _("Interest expressed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="project_participations"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    contribution = models.TextField(_("what the organization would bring"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    # The organization agrees that the project be told publicly as a success story.
    story_consent_at = models.DateTimeField(
        _("agreed to the success story on"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("expressed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("consortium participation")
        verbose_name_plural = _("consortium participations")
        ordering = ["role", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"], name="participation_one_per_organization"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.project}"


class Score(models.Model):
    """A staff member's score of a project on one criterion of its call, given with a
    declaration of no conflict of interest."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    no_conflict_declared = models.BooleanField(_("no conflict of interest declared"))
    scored_at = models.DateTimeField(_("scored on"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "criterion", "scorer"], name="score_one_per_scorer"
            ),
            models.CheckConstraint(
                condition=models.Q(no_conflict_declared=True), name="score_declares_no_conflict"
            ),
        ]

    def __str__(self):
        return f"{self.project} — {self.criterion}: {self.value}"
