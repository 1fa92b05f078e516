"""The spreadsheets an import reads: the register fields a column can hold, how a header
name is recognised, and reading CSV and XLSX files as rows of text.

A cell is only ever read as text: openpyxl returns a formula such as `=HYPERLINK(...)` as
those characters and never evaluates it.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from members.forms.imports import choice_key
from members.models import ImportJob

IMPORT_MAX_ROWS = 5000
# Empty rows are skipped but still read: past this many rows in all, the file is refused
# rather than read to the end (a sheet can hold a million rows of blanks).
IMPORT_MAX_SHEET_ROWS = 2 * IMPORT_MAX_ROWS
# Columns past this one are ignored: a register has a few dozen fields at most.
IMPORT_MAX_COLUMNS = 100


class ImportFileError(Exception):
    """The file cannot be read as a table with a header row; the message says why."""


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    # Header names that mean this field, compared without accents, case, spaces or signs.
    aliases: tuple[str, ...]
    required: bool = False
    help_text: str = ""


ORGANIZATION_FIELDS = (
    ImportField(
        "name",
        _("Name"),
        (
            "raison sociale",
            "nom",
            "name",
            "nom de l'organisation",
            "organisation",
            "organization",
            "entreprise",
            "societe",
            "denomination",
            "company",
        ),
        required=True,
    ),
    ImportField("kind", _("Kind"), ("type", "kind", "type d'organisation", "nature")),
    ImportField("siren", _("SIREN"), ("siren", "numero siren", "n siren", "siren number")),
    ImportField("siret", _("SIRET"), ("siret", "numero siret", "n siret", "siret number")),
    ImportField(
        "naf_code",
        _("NAF/APE code"),
        ("code naf", "naf", "ape", "code ape", "naf ape", "code naf ape", "naf code"),
    ),
    ImportField(
        "sectors",
        _("Sectors"),
        ("secteur", "secteurs", "sector", "sectors", "secteur d'activite", "secteurs d'activite"),
        help_text=_("Names of sectors of the register, separated by “;” or “,”."),
    ),
    ImportField(
        "competences",
        _("Competences"),
        ("competence", "competences", "skills"),
        help_text=_("Names of competences of the register, separated by “;” or “,”."),
    ),
    ImportField(
        "headcount_band",
        _("Headcount"),
        ("effectif", "effectifs", "tranche d'effectif", "headcount", "employees", "salaries"),
    ),
    ImportField(
        "founded_year",
        _("Founding year"),
        ("annee de creation", "creation", "date de creation", "founded", "founding year"),
    ),
    ImportField("street", _("Street address"), ("adresse", "address", "rue", "street")),
    ImportField(
        "postal_code", _("Postal code"), ("code postal", "cp", "postal code", "zip", "zip code")
    ),
    ImportField("city", _("City"), ("ville", "commune", "city", "town")),
    ImportField(
        "website", _("Website"), ("site web", "site internet", "site", "website", "url", "web")
    ),
    ImportField(
        "email", _("General email"), ("email", "e-mail", "courriel", "mail", "adresse email")
    ),
    ImportField("phone", _("Phone"), ("telephone", "tel", "phone", "standard")),
    ImportField(
        "lifecycle",
        _("Lifecycle"),
        ("statut", "status", "lifecycle", "cycle de vie"),
        help_text=_(
            "Only for new organizations, which are prospects without it: "
            "organizations of the register keep theirs."
        ),
    ),
    ImportField(
        "tags",
        _("Tags"),
        ("tags", "tag", "etiquettes", "etiquette"),
        help_text=_("Separated by “;” or “,”; missing tags are created."),
    ),
    ImportField(
        "description", _("Description (French)"), ("description", "presentation", "activite")
    ),
)

CONTACT_FIELDS = (
    ImportField("first_name", _("First name"), ("prenom", "first name", "given name"), True),
    ImportField(
        "last_name",
        _("Last name"),
        ("nom", "nom de famille", "last name", "surname", "family name"),
        True,
    ),
    ImportField(
        "email",
        _("Email"),
        ("email", "e-mail", "courriel", "mail", "adresse email", "email address"),
        True,
    ),
    ImportField("job_title", _("Job title"), ("fonction", "poste", "job title", "title", "titre")),
    ImportField(
        "phone", _("Phone"), ("telephone", "tel", "phone", "mobile", "portable", "telephone mobile")
    ),
    ImportField(
        "preferred_language",
        _("Preferred language"),
        ("langue", "language", "langue preferee", "preferred language"),
    ),
    ImportField(
        "organization_siren",
        _("SIREN of the organization"),
        ("siren de l'organisation", "siren", "organization siren", "siren organisation"),
        help_text=_("How the contact is attached to an organization of the register."),
    ),
    ImportField(
        "organization_name",
        _("Organization name"),
        (
            "organisation",
            "organization",
            "entreprise",
            "societe",
            "company",
            "raison sociale",
            "nom de l'organisation",
        ),
        help_text=_("Used when there is no SIREN: the exact name of an organization."),
    ),
    ImportField(
        "position",
        _("Role in the organization"),
        ("role", "position", "role dans l'organisation", "job role"),
    ),
)

FIELDS_BY_KIND = {
    ImportJob.Kind.ORGANIZATIONS: ORGANIZATION_FIELDS,
    ImportJob.Kind.CONTACTS: CONTACT_FIELDS,
}


def import_fields(*, kind: str) -> tuple[ImportField, ...]:
    return FIELDS_BY_KIND[kind]


def import_mapping_guess(*, kind: str, headers: list[str]) -> dict[str, str]:
    """{field: header} for the headers whose name says which field they hold, in French or
    English ("Raison sociale", "Code postal", "E-mail"...); each header is used once."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(choice_key(header), header)
    mapping, used = {}, set()
    for import_field in import_fields(kind=kind):
        # The labels in both languages: a template downloaded from the English pages is
        # recognised when it is uploaded from the French ones, and the other way round.
        labels = []
        for language in ("fr", "en"):
            with translation.override(language):
                labels.append(str(import_field.label))
        for name in [*import_field.aliases, import_field.name, *labels]:
            header = by_key.get(choice_key(name))
            if header is not None and header not in used:
                mapping[import_field.name] = header
                used.add(header)
                break
    return mapping


def import_template_header(*, kind: str) -> list[str]:
    """The header row of an empty file staff can fill in; the mapping recognises it."""
    return [str(import_field.label) for import_field in import_fields(kind=kind)]


# Reading files ------------------------------------------------------------------------------


def _cell_text(value) -> str:
    """A cell as text. Numbers typed in Excel come back as floats: 75001.0 means "75001"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_text(content: bytes) -> str:
    # Excel saves "CSV UTF-8" with a byte-order mark, and plain "CSV" in Windows-1252.
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            gettext("The file's text encoding was not recognised: save it as “CSV UTF-8”.")
        ) from error


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _csv_text(content)
    first_line = text.split("\n", 1)[0]
    # French Excel separates with semicolons, most other software with commas: the header
    # row tells which, as it holds one separator fewer than it has columns.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [cell.strip() for cell in row[:IMPORT_MAX_COLUMNS]]
    except csv.Error as error:
        raise ImportFileError(
            gettext("The CSV file is malformed: %(reason)s") % {"reason": error}
        ) from error


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    unreadable = ImportFileError(
        gettext("This file could not be read as an Excel workbook (.xlsx).")
    )
    # The file comes from outside: whatever openpyxl raises on a damaged or hostile workbook
    # (broken XML, a styles part it chokes on with a TypeError...) means "not readable".
    try:
        # read_only streams the sheet; formulas are read as their text, never evaluated.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_col=IMPORT_MAX_COLUMNS, values_only=True):
            yield [_cell_text(value) for value in row]
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _sheet_rows(*, content: bytes, name: str) -> Iterator[list[str]]:
    if PurePath(name).suffix.lower() == ".xlsx":
        return _xlsx_rows(content)
    return _csv_rows(content)


@dataclass
class Sheet:
    headers: list[str]
    # (spreadsheet row number, {header: text}) of every row that is not empty.
    rows: list[tuple[int, dict[str, str]]]


def sheet_read(*, content: bytes, name: str) -> Sheet:
    rows = _sheet_rows(content=content, name=name)
    header_row = next(rows, None)
    if header_row is None or not any(header_row):
        raise ImportFileError(
            gettext("The file is empty or its first row is empty: it must hold the column names.")
        )
    headers = [header.strip() for header in header_row]
    seen = set()
    for header in headers:
        if header and header in seen:
            raise ImportFileError(
                gettext("Two columns are called “%(column)s”: rename one of them.")
                % {"column": header}
            )
        seen.add(header)
    too_long = ImportFileError(
        gettext("The file has more than %(limit)s rows: split it in several files.")
        % {"limit": IMPORT_MAX_ROWS}
    )
    data = []
    for number, row in enumerate(rows, start=2):
        if number > IMPORT_MAX_SHEET_ROWS + 1:
            raise too_long
        if not any(row):
            continue
        if len(data) >= IMPORT_MAX_ROWS:
            raise too_long
        data.append(
            (
                number,
                {header: (row[i] if i < len(row) else "") for i, header in enumerate(headers)},
            )
        )
    if not data:
        raise ImportFileError(gettext("The file has column names but no rows to import."))
    return Sheet(headers=[header for header in headers if header], rows=data)
