"""What an uploaded file really is, read from its first bytes rather than its name.

Every file field of the project, on its model and on its form, carries an
`UploadTypeValidator`: an HTML page named `minutes.pdf` is refused, because the portal
hands files out under their name and the name decides how a browser or an office suite
opens them. The check is a handful of signatures for the few kinds the portal accepts (no
libmagic): PDF, PNG, JPEG, WebP, GIF, the zip-based office formats (OOXML and
OpenDocument, told apart by their inner parts), SVG, and plain text (CSV, TXT), which must
not be markup a browser would render.
"""

import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext

# The kind of content each accepted extension must hold.
KIND_OF_EXTENSION = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "webp": "webp",
    "gif": "gif",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "zip": "zip",
    "svg": "svg",
    "txt": "text",
    "csv": "text",
}
IMAGE_KINDS = {"png", "jpeg", "webp", "gif"}
# Images that are re-encoded on the way in (logos, news pictures): the content decides.
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
# Documents members and staff share: office formats, images and plain text, nothing
# executable or rendered by a browser.
DOCUMENT_EXTENSIONS = (
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "odp",
    "png",
    "jpg",
    "txt",
    "csv",
)

_HEAD_BYTES = 8192
_ZIP_KINDS = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"}
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_MAIN_PART = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
# The openings by which a browser sniffs a document as HTML (WHATWG MIME Sniffing §7.1),
# each followed by a space or ">" (the comment excepted).
_HTML_TAGS = (
    "!doctype html",
    "html",
    "head",
    "script",
    "iframe",
    "h1",
    "div",
    "font",
    "table",
    "a",
    "style",
    "title",
    "b",
    "body",
    "br",
    "p",
)


def _zip_kind(file) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype in _OPENDOCUMENT:
                    return _OPENDOCUMENT[mimetype]
            if "[Content_Types].xml" in names:
                for part, kind in _OOXML_MAIN_PART.items():
                    if part in names:
                        return kind
            return "zip"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return ""


def _text_kind(head: bytes) -> str:
    if b"\x00" in head:
        return ""  # binary (or UTF-16, which no CSV of ours is)
    head = head.removeprefix(b"\xef\xbb\xbf")
    # Latin-1 never fails: only the ASCII opening matters here.
    text = head.decode("latin-1").lstrip(" \t\r\n\x0c").lower()
    if text.startswith("<!--"):
        return "html"
    for tag in _HTML_TAGS:
        after = text[len(tag) + 1 : len(tag) + 2]
        if text.startswith("<" + tag) and after in (" ", ">", "\t", "\n", "\r", "\x0c", "/"):
            return "html"
    if text.startswith("<svg") or (text.startswith("<?xml") and "<svg" in text):
        return "svg"
    if text.startswith("<?xml"):
        return "xml"
    return "text"


def content_kind(file) -> str:
    """The kind of `file` from its content: a value of KIND_OF_EXTENSION, "html", "xml",
    or "" when it is none of those. The file is left at its start."""
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return "gif"
        if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            return _zip_kind(file)
        return _text_kind(head)
    finally:
        file.seek(0)


def _matches(extension: str, kind: str) -> bool:
    expected = KIND_OF_EXTENSION.get(extension)
    if expected == "zip":
        # A .zip may hold anything; an office file is a zip too.
        return kind in _ZIP_KINDS
    return expected is not None and kind == expected


def _new_upload(value):
    """The file just sent, or None for a file already stored (checked when it came in)."""
    if isinstance(value, FieldFile):
        if getattr(value, "_committed", True):
            return None
        return value.file
    return value


@deconstructible
class UploadTypeValidator:
    """Refuses a file whose extension is not in `extensions`, or whose content is not what
    its extension says. With `names_matter=False` (images re-encoded on the way in), only
    the content decides, among the kinds of `extensions`."""

    def __init__(self, extensions: Iterable[str], *, names_matter: bool = True):
        self.extensions = tuple(extension.lower().lstrip(".") for extension in extensions)
        unknown = set(self.extensions) - KIND_OF_EXTENSION.keys()
        if unknown:
            raise ValueError(f"No content check for: {sorted(unknown)}")
        self.names_matter = names_matter

    def __eq__(self, other):
        return (
            isinstance(other, UploadTypeValidator)
            and self.extensions == other.extensions
            and self.names_matter == other.names_matter
        )

    def __call__(self, value) -> None:
        file = _new_upload(value)
        if file is None:
            return
        extension = PurePath(getattr(value, "name", "") or "").suffix.lower().lstrip(".")
        accepted = ", ".join(dict.fromkeys(self.extensions))
        if self.names_matter and extension not in self.extensions:
            raise ValidationError(
                gettext("Files of this type are not accepted. Accepted types: %(extensions)s.")
                % {"extensions": accepted},
                code="upload_extension",
            )
        kind = content_kind(file)
        if self.names_matter:
            if _matches(extension, kind):
                return
        elif kind in {KIND_OF_EXTENSION[extension] for extension in self.extensions}:
            return
        if {KIND_OF_EXTENSION[extension] for extension in self.extensions} <= IMAGE_KINDS:
            if kind in IMAGE_KINDS:
                message = gettext(
                    "This type of image is not accepted. Accepted types: %(extensions)s."
                ) % {"extensions": accepted}
            else:
                message = gettext("This file is not an image, or it is damaged.")
        else:
            message = gettext(
                "The content of this file is not what its name says (.%(extension)s): "
                "it is refused. Accepted types: %(extensions)s."
            ) % {"extension": extension, "extensions": accepted}
        raise ValidationError(message, code="upload_content")
