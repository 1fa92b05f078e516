from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage
from core.uploads import UploadTypeValidator

# What an import reads: a CSV file or an Excel workbook.
IMPORT_EXTENSIONS = ("csv", "xlsx")


class ImportJob(models.Model):
    """One spreadsheet a staff member brings in: its columns, how they map onto the register,
    the check of every row (the preview), then an all-or-nothing commit run by Celery."""

    class Kind(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Organizations")
        CONTACTS = "contacts", _("Contacts")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for the column mapping")
        CHECKING = "checking", _("Checking the rows")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed, nothing imported")

    kind = models.CharField(_("what it holds"), max_length=16, choices=Kind.choices)
    file = models.FileField(
        _("file"),
        upload_to="imports/%Y/%m/",
        storage=PrivateStorage(),
        validators=[UploadTypeValidator(IMPORT_EXTENSIONS)],
    )
    original_name = models.CharField(_("file name"), max_length=255)
    # The header row as read from the file, and {register field: header} chosen by staff.
    headers = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    # [{"row": 7, "column": "SIREN", "message": "..."}], row numbers as the spreadsheet shows them.
    errors = models.JSONField(_("errors"), default=list)
    # The first rows as they will be imported, and counts of what the commit will do.
    preview = models.JSONField(_("preview"), default=list)
    summary = models.JSONField(_("summary"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Whoever asked for the check or the commit: the task writes its messages in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # While checking or importing, the task renews this as it goes; once it has passed (the
    # worker died), the sweeper starts the task again (imports.imports_resume_stalled).
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
